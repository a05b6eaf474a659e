import type { DefaultJobOptions } from 'bullmq';

/** Every table has its own load queue, `load.<table>`: one writer flush loads one table. */
export function loadQueueName(table: string): string {
  return `load.${table}`;
}

export function tableOfLoadQueue(queueName: string): string | null {
  return queueName.startsWith('load.') ? queueName.slice(5) : null;
}

/**
 * Load job payload: one part — the rows of one table from one chunk, bounded in size.
 * - `partId`   `partIdOf(fileId, chunkIndex, table, seq)`: the same chunk always yields the same ids
 * - `table`, `version`  the table and its config version
 * - `fileId`, `chunkIndex`  where the rows came from (for the ledgers and status)
 * - `rows`     number of rows in the part
 * - `bytes`    size of the part's data: the rows in the loading encoding as one gzip member, in
 *              Redis at `partDataKey(prefix, partId)` (see PartData); members concatenate into a
 *              valid batch file without recompression
 * Job id: `partId`.
 */
export interface LoadJob {
  partId: string;
  table: string;
  version: number;
  fileId: string;
  chunkIndex: number;
  rows: number;
  bytes: number;
}

/** What a load job completes with: the batch that carried it, or that it was loaded before. */
export interface LoadResult {
  batchKey: string | null;
  skipped: boolean;
}

export function partIdOf(fileId: string, chunkIndex: number, table: string, seq: number): string {
  return `${fileId}.${chunkIndex}.${table}.${seq}`;
}

export const loadJobOptions: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: 24 * 3600, count: 10000 },
  removeOnFail: { count: 10000 },
};
