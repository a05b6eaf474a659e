import { Worker } from 'bullmq';
import type { Settings } from '@spade/config';
import { openServices, readTableConfig, TableBatcher, type BatchTarget, type Services } from '@spade/pipeline';
import { createRedis, loadQueueName, openLoadQueue, PartData, type LoadJob, type LoadResult } from '@spade/queues';
import { redisCheck, settleWithin, startProcessOps, warehouseCheck, type DrainOutcome, type Logger } from '@spade/runtime';
import { formatS3Url, putObject } from '@spade/storage';
import type { Table } from '@spade/transform';
import { ensureLedgers, ensureTables, loadBatch, loadedPartIds, manifestJson, PartsAlreadyLoadedError, type LoadSource } from '@spade/warehouse';
import { getObjectStream } from '@spade/storage';

export interface WriterHandle {
  workers: Worker<LoadJob, LoadResult>[];
  /** Port of /metrics, /healthz and /readyz, or null when SPADE_METRICS_PORT is 0. */
  opsPort: number | null;
  /**
   * Stops taking parts, loads the ones it holds and waits for those loads, up to the drain timeout:
   * 'forced' when a load was still running then (its parts are loaded again after their locks expire).
   */
  stop(): Promise<DrainOutcome>;
}

/** The writer's counters (the process's metrics satisfy it). */
export interface WriterMetrics {
  addBatchWritten(bytes: number): void;
  addLoad(table: string, rows: number, seconds: number): void;
}

/**
 * The writer process: one worker per table's load queue, each feeding a batcher that loads a
 * batch file per flush. Tables are created from the table config when missing.
 */
export async function startWriter(settings: Settings, log: Logger): Promise<WriterHandle> {
  // Connections: loads of that many tables at once, plus one for ledger look-ups.
  const services = openServices(settings, { warehouseConnections: settings.writer.concurrency + 1 });
  const config = await readTableConfig(settings.tableConfig, services.s3);
  for (const warning of config.warnings) log.warn(warning);
  const { dialect, schema } = services.ledger;
  await ensureLedgers(services.warehouse, services.ledger);
  await ensureTables(services.warehouse, dialect, schema, [...config.tables.values()]);

  // Each held job is one part in a pending batch: enough for a full batch of full parts, and more.
  const partsPerBatch = Math.min(1000, Math.max(32, 2 * Math.ceil(settings.writer.batchMaxBytes / settings.parser.partMaxBytes)));
  const tables = [...config.tables.values()];
  const loadQueues = tables.map((table) => openLoadQueue(services.redis, settings.queues.prefix, table.name));
  const ops = await startProcessOps({
    port: settings.metrics.port,
    readiness: [redisCheck(services.redis), warehouseCheck(services.warehouse)],
    queues: () => loadQueues,
    log,
  });
  const connection = createRedis(settings.redis.url, 'worker');
  const batchers: TableBatcher[] = [];
  let stopping = false;
  const workers = tables.map((table) => {
    const batcher = new TableBatcher(table.name, batchTarget(settings, services, table, log, ops.metrics), {
      maxBytes: settings.writer.batchMaxBytes,
      maxAgeMs: settings.writer.batchMaxAgeMs,
    });
    batchers.push(batcher);
    const hold = (job: { data: LoadJob }): Promise<LoadResult> => {
      const loaded = batcher.add(job.data);
      // A part fetched while stopping is loaded at once instead of waiting for the age limit.
      if (stopping) void batcher.flushSoon();
      return loaded;
    };
    const worker = new Worker<LoadJob, LoadResult>(loadQueueName(table.name), hold, {
      connection,
      prefix: settings.queues.prefix,
      concurrency: partsPerBatch,
      lockDuration: settings.queues.lockMs,
      stalledInterval: Math.max(1000, Math.floor(settings.queues.lockMs / 2)),
      // A job whose worker was killed is retried, however often that happens: the ledgers keep it exactly once.
      maxStalledCount: 1000,
    });
    worker.on('failed', (job, error) => log.error({ table: table.name, part: job?.data.partId, attempt: job?.attemptsMade, err: error }, 'part failed to load'));
    worker.on('error', (error) => log.error({ table: table.name, err: error }, 'worker error'));
    return worker;
  });
  log.info({ tables: workers.length, partsPerBatch }, 'writer started');

  return {
    workers,
    opsPort: ops.port,
    async stop() {
      // Stop fetching, load what is held now, and wait (bounded) for those loads and the workers.
      // BullMQ 6 ignores a later close(true) once close() is pending: a load still running at the
      // deadline is left to the process exit.
      stopping = true;
      ops.markDraining();
      const closing = Promise.all(workers.map((w) => w.close()));
      const flushing = Promise.all(batchers.map((b) => b.flushSoon()));
      const outcome = await settleWithin(Promise.all([closing, flushing]), settings.drainTimeoutMs);
      if (outcome === 'drained') log.info({ outcome }, 'writer stopped');
      else log.warn({ outcome, drainTimeoutMs: settings.drainTimeoutMs }, 'writer stopped with loads still running: their parts are loaded again once their locks expire');
      await settleWithin(Promise.all(loadQueues.map((q) => q.close())), 1000);
      connection.disconnect();
      await services.close();
      await ops.close();
      return outcome;
    },
  };
}

function batchTarget(settings: Settings, services: Services, table: Table, log: Logger, metrics: WriterMetrics): BatchTarget {
  const { dialect, schema } = services.ledger;
  const bucket = settings.s3.bucket;
  const columns = table.columns.map((c) => c.outboundName);
  const partData = new PartData(services.redis, settings.queues.prefix);
  return {
    loadedPartIds: (ids) => loadedPartIds(services.warehouse, services.ledger, ids),
    partData: (ids) => partData.get(ids),
    async partsLoaded(ids) {
      // Only a cleanup: data left behind expires on its own (PART_DATA_TTL_SECONDS).
      await partData.delete(ids).catch((error: Error) => log.warn({ table: table.name, parts: ids.length, err: error.message }, 'could not delete loaded parts\' data'));
    },
    batchKeyOf: (batchId) => `${settings.s3.outputPrefix}${table.name}/${batchId}.tsv.gz`,
    async writeBatchFile(batchKey, members) {
      const body = Buffer.concat(members);
      await putObject(services.s3, bucket, batchKey, body, 'application/gzip');
      metrics.addBatchWritten(body.length);
      if (dialect === 'redshift') {
        await putObject(services.s3, bucket, `${batchKey}.manifest`, manifestJson([formatS3Url(bucket, batchKey)]), 'application/json');
      }
    },
    async loadBatch(batchKey, parts) {
      const started = Date.now();
      const source: LoadSource =
        dialect === 'postgres'
          ? { kind: 'stream', open: () => getObjectStream(services.s3, bucket, batchKey) }
          : {
              kind: 'manifest',
              manifestUrl: formatS3Url(bucket, `${batchKey}.manifest`),
              credentials: settings.redshift.iamRole
                ? { iamRole: settings.redshift.iamRole }
                : { accessKeyId: settings.redshift.accessKeyId, secretAccessKey: settings.redshift.secretAccessKey },
              region: settings.s3.region,
            };
      try {
        const result = await loadBatch(services.warehouse, dialect, { schema, table: table.name, columns, parts, batchKey, source });
        metrics.addLoad(table.name, result.rows, (Date.now() - started) / 1000);
        log.info({ table: table.name, rows: result.rows, parts: result.parts, ms: Date.now() - started, batch: batchKey }, 'batch loaded');
      } catch (error) {
        if (error instanceof PartsAlreadyLoadedError) throw Object.assign(error, { alreadyLoaded: error.partIds });
        throw error;
      }
    },
  };
}
