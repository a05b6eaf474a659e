import { setTimeout as sleep } from 'node:timers/promises';
import type { Settings } from '@spade/config';
import { openServices, scanOnce, type FileLedger, type ScanSummary } from '@spade/pipeline';
import { openParseQueue } from '@spade/queues';
import type { Logger } from '@spade/runtime';
import { ensureLedgers, markEnqueued, recordedEtags, recordFile, unenqueuedFiles } from '@spade/warehouse';

export interface SchedulerHandle {
  /** Resolves when the loop has stopped (after `stop()`, or after one scan with `once`). */
  done: Promise<void>;
  stop(): Promise<void>;
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
  });
  log.info({ bucket: settings.s3.bucket, prefix: settings.s3.inputPrefix }, 'scheduler started');
  return {
    done,
    async stop() {
      abort.abort();
      await done;
    },
  };
}
