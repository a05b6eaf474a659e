import { createGunzip } from 'node:zlib';
import { chunkLines, sinkObjectKey } from '@spade/pipeline';
import { getObjectStream, S3OperationError, type createS3Client } from '@spade/storage';
import type { LedgerTarget, Queryable } from '@spade/warehouse';
import { newestChunksWith, type SinkKind } from './ledgerQueries';
import { reasonClass, Tally, type TopCount } from './tally';

export interface SinkDigestLimits {
  /** Newest objects read. */
  objects: number;
  /** Records read per object at most. */
  recordsPerObject: number;
  /** Entries in the top list. */
  top: number;
}

export const DEFAULT_SINK_LIMITS: SinkDigestLimits = { objects: 20, recordsPerObject: 2000, top: 10 };

/** What the newest records of a sink say: rejects by reason, non-tracked events by name. */
export interface SinkDigest {
  kind: SinkKind;
  objectsRead: number;
  recordsRead: number;
  /** Some object had more records than were read. */
  truncated: boolean;
  /** Parse time of the newest chunk read. */
  newestAt: Date | null;
  top: TopCount[];
}

export interface SinkSource {
  s3: ReturnType<typeof createS3Client>;
  bucket: string;
  prefix: string;
  db: Queryable;
  target: LedgerTarget;
}

/** A record longer than this is counted as unreadable instead of being held in memory. */
const MAX_RECORD_BYTES = 1024 * 1024;

/** The key a record is counted under. */
export function sinkRecordKey(kind: SinkKind, record: unknown): string {
  if (typeof record !== 'object' || record === null) return '(unreadable record)';
  const fields = record as Record<string, unknown>;
  if (kind === 'nontracked') return typeof fields.event === 'string' ? fields.event : '(no event name)';
  const status = typeof fields.status === 'string' ? fields.status : 'rejected';
  return typeof fields.reason === 'string' && fields.reason !== '' ? `${status}: ${reasonClass(fields.reason)}` : status;
}

/**
 * Reads the newest objects of one sink — found through the chunk ledger, which knows which chunks
 * wrote records and when (S3 lists keys by name, not by age) — and tallies their records.
 */
export async function digestSink(source: SinkSource, kind: SinkKind, limits: SinkDigestLimits = DEFAULT_SINK_LIMITS): Promise<SinkDigest> {
  const chunks = await newestChunksWith(source.db, source.target, kind, limits.objects);
  const tally = new Tally();
  const digest: SinkDigest = { kind, objectsRead: 0, recordsRead: 0, truncated: false, newestAt: chunks[0]?.parsedAt ?? null, top: [] };
  for (const chunk of chunks) {
    const key = sinkObjectKey(source.prefix, chunk.fileId, chunk.chunkIndex);
    const read = await tallyObject(source, key, kind, tally, limits.recordsPerObject);
    if (read === null) continue; // the chunk's object was removed (lifecycle rule, cleanup)
    digest.objectsRead++;
    digest.recordsRead += read.records;
    digest.truncated ||= read.truncated;
  }
  digest.top = tally.top(limits.top);
  return digest;
}

async function tallyObject(
  source: SinkSource,
  key: string,
  kind: SinkKind,
  tally: Tally,
  maxRecords: number,
): Promise<{ records: number; truncated: boolean } | null> {
  let body;
  try {
    body = await getObjectStream(source.s3, source.bucket, key);
  } catch (error) {
    if (isMissingObject(error)) return null;
    throw error;
  }
  const gunzip = createGunzip();
  body.on('error', (error) => gunzip.destroy(error));
  body.pipe(gunzip);
  let records = 0;
  try {
    for await (const line of chunkLines(gunzip, { streamOffset: 0, start: 0, end: Number.MAX_SAFE_INTEGER, maxLineBytes: MAX_RECORD_BYTES })) {
      if (line.text.length === 0) continue;
      if (records === maxRecords) return { records, truncated: true };
      records++;
      tally.add(sinkRecordKey(kind, line.truncatedFrom === undefined ? parseJson(line.text) : null));
    }
    return { records, truncated: false };
  } finally {
    body.destroy();
    gunzip.destroy();
  }
}

function parseJson(text: Buffer): unknown {
  try {
    return JSON.parse(text.toString('utf8'));
  } catch {
    return null;
  }
}

/** Only the object: a missing bucket is a settings problem the page must show. */
function isMissingObject(error: unknown): boolean {
  return error instanceof S3OperationError && error.code === 'NoSuchKey';
}
