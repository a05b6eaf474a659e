import { Queue, type QueueOptions, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadJobOptions, loadQueueName } from './loadQueue';
import { PARSE_QUEUE, parseJobOptions } from './parseQueue';

/** The BullMQ events stream is capped so Redis does not grow without end. */
const EVENTS_MAX_LEN = 2000;

function queueOptions(connection: Redis, prefix: string, defaults: QueueOptions['defaultJobOptions']): QueueOptions {
  return { connection, prefix, defaultJobOptions: defaults, streams: { events: { maxLen: EVENTS_MAX_LEN } } };
}

export function openParseQueue(connection: Redis, prefix: string): Queue {
  return new Queue(PARSE_QUEUE, queueOptions(connection, prefix, parseJobOptions));
}

export function openLoadQueue(connection: Redis, prefix: string, table: string): Queue {
  return new Queue(loadQueueName(table), queueOptions(connection, prefix, loadJobOptions));
}

/**
 * Names of every queue that exists under the prefix (parse and each table's load queue), found
 * from their meta keys so tables show up as soon as a part was queued for them.
 */
export async function listQueueNames(connection: Redis, prefix: string): Promise<string[]> {
  const names = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*:meta`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) names.add(key.slice(prefix.length + 1, -':meta'.length));
  } while (cursor !== '0');
  return [...names].sort();
}

/**
 * Closes a worker within `ms`: `worker.close()` waits for active jobs without a limit of its own.
 * After the deadline the worker is force-closed; its unfinished jobs return to the queue when their
 * locks expire (stalled-job recovery), and the load ledger keeps a re-run from loading rows twice.
 */
export async function closeWorkerWithin(worker: Worker, ms: number): Promise<'drained' | 'forced'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'forced'>((resolve) => {
    timer = setTimeout(() => resolve('forced'), ms);
  });
  const outcome = await Promise.race([worker.close().then(() => 'drained' as const), deadline]);
  clearTimeout(timer);
  if (outcome === 'forced') await worker.close(true);
  return outcome;
}
