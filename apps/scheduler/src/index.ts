import { setTimeout as sleep } from 'node:timers/promises';
import type { Settings } from '@spade/config';
import { openServices, scanOnce, type FileLedger, type ScanSummary } from '@spade/pipeline';
import { openParseQueue } from '@spade/queues';
import { redisCheck, settleWithin, startProcessOps, warehouseCheck, type DrainOutcome, type Logger } from '@spade/runtime';
import { ensureLedgers, markEnqueued, recordedEtags, recordFile, unenqueuedFiles } from '@spade/warehouse';

export interface SchedulerHandle {
  /** Resolves when the loop has stopped (after `stop()`, or after one scan with `once`). */
  done: Promise<void>;
  /** Port of /metrics, /healthz and /readyz, or null when SPADE_METRICS_PORT is 0. */
  opsPort: number | null;
  /** Stops between scans: 'forced' when a scan was still running at the drain timeout. */
  stop(): Promise<DrainOutcome>;
}

/**
 * The scheduler process: scans the input prefix every `scanIntervalMs`, records new objects in
 * the file ledger and enqueues their chunks. Replicas may run side by side.
 */
export async function startScheduler(settings: Settings, log: Logger, options: { once?: boolean } = {}): Promise<SchedulerHandle> {
  const services = openServices(settings);
  await ensureLedgers(services.warehouse, services.ledger);
  const parseQueue = openParseQueue(services.redis, settings.queues.prefix);
  const db = services.warehouse;
  const target = services.ledger;
  const ledger: FileLedger = {
    recordFile: (file) => recordFile(db, target, file),
    markEnqueued: async (fileId) => void (await markEnqueued(db, target, fileId)),
    unenqueuedFiles: (ms) => unenqueuedFiles(db, target, ms),
    recordedEtags: (bucket, keys) => recordedEtags(db, target, bucket, keys),
  };
  const known = new Set<string>();
  const abort = new AbortController();
  const ops = await startProcessOps({
    port: settings.metrics.port,
    readiness: [redisCheck(services.redis), warehouseCheck(services.warehouse)],
    queues: () => [parseQueue],
    log,
  });

  const scan = async (): Promise<ScanSummary | null> => {
    try {
      const summary = await scanOnce({
        s3: services.s3,
        bucket: settings.s3.bucket,
        inputPrefix: settings.s3.inputPrefix,
        chunkBytes: settings.scheduler.chunkBytes,
        ledger,
        parseQueue,
        known,
        onChangedObject: (key, previous, etag) =>
          log.warn({ key, previousEtags: previous, etag }, 'input object changed after it was seen: loading it again as a new file'),
      });
      if (summary.newFiles > 0 || summary.chunksEnqueued > 0) log.info(summary, 'scan enqueued new files');
      return summary;
    } catch (error) {
      log.error({ err: error }, 'scan failed; retrying at the next interval');
      return null;
    }
  };

  const loop = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      const summary = await scan();
      if (options.once && summary) break;
      await sleep(settings.scheduler.scanIntervalMs, undefined, { signal: abort.signal }).catch(() => undefined);
    }
  };
  const done = loop().finally(async () => {
    await parseQueue.close();
    await services.close();
    await ops.close();
  });
  log.info({ bucket: settings.s3.bucket, prefix: settings.s3.inputPrefix }, 'scheduler started');
  return {
    done,
    opsPort: ops.port,
    async stop() {
      ops.markDraining();
      abort.abort();
      const outcome = await settleWithin(done, settings.drainTimeoutMs);
      if (outcome === 'drained') log.info({ outcome }, 'scheduler stopped');
      else log.warn({ outcome, drainTimeoutMs: settings.drainTimeoutMs }, 'scheduler stopped during a scan: the next scheduler finishes it');
      return outcome;
    },
  };
}
