import { Queue, type QueueOptions } from 'bullmq';
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
