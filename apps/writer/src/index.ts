import { Worker } from 'bullmq';
import type { Settings } from '@spade/config';
import { openServices, readTableConfig, TableBatcher, type BatchTarget, type Services } from '@spade/pipeline';
import { closeWorkerWithin, createRedis, loadQueueName, type LoadJob, type LoadResult } from '@spade/queues';
import type { Logger } from '@spade/runtime';
import { formatS3Url, putObject } from '@spade/storage';
import type { Table } from '@spade/transform';
import { ensureLedgers, ensureTables, loadBatch, loadedPartIds, manifestJson, PartsAlreadyLoadedError, type LoadSource } from '@spade/warehouse';
import { getObjectStream } from '@spade/storage';

export interface WriterHandle {
  workers: Worker<LoadJob, LoadResult>[];
  stop(): Promise<void>;
}

/**
 * The writer process: one worker per table's load queue, each feeding a batcher that loads a
 * batch file per flush. Tables are created from the table config when missing.
 */
export async function startWriter(settings: Settings, log: Logger): Promise<WriterHandle> {
  const services = openServices(settings);
  const config = await readTableConfig(settings.tableConfig, services.s3);
  for (const warning of config.warnings) log.warn(warning);
  const { dialect, schema } = services.ledger;
  await ensureLedgers(services.warehouse, services.ledger);
  await ensureTables(services.warehouse, dialect, schema, [...config.tables.values()]);

  // Each held job is one part in a pending batch: enough for a full batch of full parts, and more.
  const partsPerBatch = Math.min(1000, Math.max(32, 2 * Math.ceil(settings.writer.batchMaxBytes / settings.parser.partMaxBytes)));
  const connection = createRedis(settings.redis.url, 'worker');
  const batchers: TableBatcher[] = [];
  const workers = [...config.tables.values()].map((table) => {
    const batcher = new TableBatcher(table.name, batchTarget(settings, services, table, log), {
      maxBytes: settings.writer.batchMaxBytes,
      maxAgeMs: settings.writer.batchMaxAgeMs,
    });
    batchers.push(batcher);
    const worker = new Worker<LoadJob, LoadResult>(loadQueueName(table.name), (job) => batcher.add(job.data), {
      connection,
      prefix: settings.queues.prefix,
      concurrency: partsPerBatch,
      lockDuration: settings.queues.lockMs,
      stalledInterval: Math.max(1000, Math.floor(settings.queues.lockMs / 2)),
      // A job whose worker was killed is retried, however often that happens: the ledgers keep it exactly once.
      maxStalledCount: 1000,
    });
    worker.on('failed', (job, error) => log.error({ table: table.name, part: job?.data.partId, attempt: job?.attemptsMade, err: error.message }, 'part failed to load'));
    worker.on('error', (error) => log.error({ table: table.name, err: error.message }, 'worker error'));
    return worker;
  });
  log.info({ tables: workers.length, partsPerBatch }, 'writer started');

  return {
    workers,
    async stop() {
      // Stop fetching, load what is held now, then wait (bounded) for the workers to settle.
      const closing = Promise.all(workers.map((w) => closeWorkerWithin(w, settings.drainTimeoutMs)));
      await Promise.all(batchers.map((b) => b.flushSoon()));
      const outcomes = await closing;
      log.info({ forced: outcomes.filter((o) => o === 'forced').length }, 'writer stopped');
      connection.disconnect();
      await services.close();
    },
  };
}

function batchTarget(settings: Settings, services: Services, table: Table, log: Logger): BatchTarget {
  const { dialect, schema } = services.ledger;
  const bucket = settings.s3.bucket;
  const columns = table.columns.map((c) => c.outboundName);
  return {
    loadedPartIds: (ids) => loadedPartIds(services.warehouse, services.ledger, ids),
    batchKeyOf: (batchId) => `${settings.s3.outputPrefix}${table.name}/${batchId}.tsv.gz`,
    async writeBatchFile(batchKey, members) {
      await putObject(services.s3, bucket, batchKey, Buffer.concat(members), 'application/gzip');
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
        log.info({ table: table.name, rows: result.rows, parts: result.parts, ms: Date.now() - started, batch: batchKey }, 'batch loaded');
      } catch (error) {
        if (error instanceof PartsAlreadyLoadedError) throw Object.assign(error, { alreadyLoaded: error.partIds });
        throw error;
      }
    },
  };
}
