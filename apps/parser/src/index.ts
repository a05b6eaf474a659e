import { Queue, Worker } from 'bullmq';
import type { Settings } from '@spade/config';
import { createLineCore, openServices, parseChunk, readTableConfig, type EmittedPart, type ParseChunkDeps } from '@spade/pipeline';
import { gzipEngine, gzipEngineProblem } from '@spade/gzip';
import { createRedis, loadJobOptions, openLoadQueue, openParseQueue, PARSE_QUEUE, PartData, type LoadJob, type ParseJob, type ParseResult } from '@spade/queues';
import { redisCheck, settleWithin, startProcessOps, warehouseCheck, type DrainOutcome, type Logger } from '@spade/runtime';
import { openGeoIp } from '@spade/transform';
import { ensureLedgers, recordChunk } from '@spade/warehouse';

/** Lines longer than this are rejected (and cut in memory) so a parser's memory stays bounded. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface ParserHandle {
  worker: Worker<ParseJob, ParseResult>;
  /** Port of /metrics, /healthz and /readyz, or null when SPADE_METRICS_PORT is 0. */
  opsPort: number | null;
  /**
   * Stops taking jobs and waits up to the drain timeout for the running ones: 'forced' when one
   * was still running then (it is abandoned; its lock expires and another parser runs it again).
   */
  stop(): Promise<DrainOutcome>;
}

/** The parser process: a BullMQ worker on the parse queue turning chunks into per-table parts. */
export async function startParser(settings: Settings, log: Logger): Promise<ParserHandle> {
  const services = openServices(settings);
  await ensureLedgers(services.warehouse, services.ledger);
  const config = await readTableConfig(settings.tableConfig, services.s3);
  for (const warning of config.warnings) log.warn(warning);
  const geo = await openGeoIp(settings.geoipDir || undefined);
  if (geo.warning) log.warn(geo.warning);
  if (gzipEngineProblem) log.warn(gzipEngineProblem);
  const core = createLineCore(config.tables, geo);
  const loadQueues = new Map<string, Queue>();
  const loadQueue = (table: string): Queue => {
    let queue = loadQueues.get(table);
    if (!queue) loadQueues.set(table, (queue = openLoadQueue(services.redis, settings.queues.prefix, table)));
    return queue;
  };
  const attempts = settings.writer.loadAttempts;
  const partData = new PartData(services.redis, settings.queues.prefix);

  const deps: ParseChunkDeps = {
    s3: services.s3,
    outputBucket: settings.s3.bucket,
    rejectsPrefix: settings.s3.rejectsPrefix,
    nontrackedPrefix: settings.s3.nontrackedPrefix,
    core,
    partMaxBytes: settings.parser.partMaxBytes,
    maxLineBytes: MAX_LINE_BYTES,
    async emitParts(parts: EmittedPart[]) {
      await partData.put(parts.map((part) => ({ partId: part.job.partId, gzip: part.gzip })));
      const byTable = new Map<string, LoadJob[]>();
      for (const { job } of parts) byTable.set(job.table, [...(byTable.get(job.table) ?? []), job]);
      await Promise.all(
        [...byTable].map(([table, jobs]) =>
          loadQueue(table).addBulk(jobs.map((data) => ({ name: 'part', data, opts: { ...loadJobOptions, attempts, jobId: data.partId } }))),
        ),
      );
    },
    recordChunk: (s) =>
      recordChunk(services.warehouse, services.ledger, {
        fileId: s.fileId,
        chunkIndex: s.chunkIndex,
        lines: s.lines,
        events: s.events,
        rejects: s.rejects,
        nontracked: s.nontracked,
        partCount: s.parts,
      }),
  };

  const parseQueue = openParseQueue(services.redis, settings.queues.prefix);
  const ops = await startProcessOps({
    port: settings.metrics.port,
    readiness: [redisCheck(services.redis), warehouseCheck(services.warehouse)],
    queues: () => [parseQueue, ...[...config.tables.values()].map((table) => loadQueue(table.name))],
    log,
  });
  deps.metrics = ops.metrics;

  const connection = createRedis(settings.redis.url, 'worker');
  const worker = new Worker<ParseJob, ParseResult>(
    PARSE_QUEUE,
    async (job) => {
      const summary = await parseChunk(deps, job.data);
      log.info({ file: `s3://${job.data.bucket}/${job.data.key}`, chunk: job.data.chunkIndex, ...summary }, 'chunk parsed');
      const { fileId: _f, chunkIndex: _c, ...result } = summary;
      return result;
    },
    {
      connection,
      prefix: settings.queues.prefix,
      concurrency: settings.parser.concurrency,
      lockDuration: settings.queues.lockMs,
      stalledInterval: Math.max(1000, Math.floor(settings.queues.lockMs / 2)),
      // A job whose worker was killed is retried, however often that happens: the ledgers keep it exactly once.
      maxStalledCount: 1000,
    },
  );
  worker.on('failed', (job, error) =>
    log.error({ file: job ? `s3://${job.data.bucket}/${job.data.key}` : undefined, chunk: job?.data.chunkIndex, err: error }, 'chunk failed'),
  );
  worker.on('error', (error) => log.error({ err: error }, 'worker error'));
  log.info({ concurrency: settings.parser.concurrency, tables: config.tables.size, gzipEngine }, 'parser started');

  return {
    worker,
    opsPort: ops.port,
    async stop() {
      ops.markDraining();
      // close() stops fetching and waits for running chunks. BullMQ 6 ignores a later close(true)
      // once close() is pending, so a chunk still running at the deadline is left to the exit.
      const outcome = await settleWithin(worker.close(), settings.drainTimeoutMs);
      if (outcome === 'drained') log.info({ outcome }, 'parser stopped');
      else log.warn({ outcome, drainTimeoutMs: settings.drainTimeoutMs }, 'parser stopped with a chunk still running: it is parsed again once its lock expires');
      await settleWithin(Promise.all([parseQueue.close(), ...[...loadQueues.values()].map((q) => q.close())]), 1000);
      await services.close();
      connection.disconnect();
      await ops.close();
      return outcome;
    },
  };
}
