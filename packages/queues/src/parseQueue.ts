import type { DefaultJobOptions } from 'bullmq';

/** The queue of chunks to parse. Its wait list is `<prefix>:parse:wait` (what KEDA watches). */
export const PARSE_QUEUE = 'parse';

/**
 * Parse job payload: one chunk of one input object.
 * - `fileId`   ledger id of the object version (bucket, key and ETag)
 * - `bucket`, `key`, `etag`, `size`  the object as listed
 * - `gzip`     true: the whole object is one chunk, streamed through gunzip
 * - `chunkIndex` / `chunkCount`  position of this chunk in the file's plan
 * - `start` / `end`  inclusive byte range of the chunk (a line belongs to the chunk it starts in)
 * Job id: `parseJobId(fileId, chunkIndex)`, so enqueueing the same plan twice adds nothing.
 */
export interface ParseJob {
  fileId: string;
  bucket: string;
  key: string;
  etag: string;
  size: number;
  gzip: boolean;
  chunkIndex: number;
  chunkCount: number;
  start: number;
  end: number;
}

/** Result a parse job completes with (shown in the dashboard). */
export interface ParseResult {
  lines: number;
  events: number;
  rows: number;
  rejects: number;
  nontracked: number;
  parts: number;
}

export function parseJobId(fileId: string, chunkIndex: number): string {
  return `${fileId}.${chunkIndex}`;
}

export const parseJobOptions: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10000 },
  removeOnFail: { count: 10000 },
};
