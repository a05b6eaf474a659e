import type { Queue } from 'bullmq';
import type { S3Client } from '@aws-sdk/client-s3';
import { listObjects } from '@spade/storage';
import { parseJobId, type ParseJob } from '@spade/queues';
import type { FileRecord } from '@spade/warehouse';
import { fileIdOf, isGzipKey, planChunks } from './plan';

/** What the scheduler needs of the file ledger (in the warehouse). */
export interface FileLedger {
  /** Records a file; true only for the one caller that inserted it (replicas race safely). */
  recordFile(file: FileRecord): Promise<boolean>;
  markEnqueued(fileId: string): Promise<void>;
  /** Files recorded but never marked enqueued (their scheduler died in between) for `olderThanMs`. */
  unenqueuedFiles(olderThanMs: number): Promise<FileRecord[]>;
  /** ETags already recorded for these keys, to report objects that changed after being seen. */
  recordedEtags(bucket: string, keys: string[]): Promise<Map<string, string[]>>;
}

export interface ScanDeps {
  s3: S3Client;
  bucket: string;
  inputPrefix: string;
  chunkBytes: number;
  ledger: FileLedger;
  parseQueue: Queue;
  /** File ids this scheduler has recorded or seen recorded: kept across scans to skip the ledger. */
  known: Set<string>;
  /** Called for objects whose ETag changed since they were recorded. */
  onChangedObject?: (key: string, previousEtags: string[], etag: string) => void;
}

export interface ScanSummary {
  listed: number;
  newFiles: number;
  chunksEnqueued: number;
  changed: number;
}

/** Age after which a recorded but unenqueued file is enqueued by whichever scheduler sees it. */
const ORPHAN_AGE_MS = 60_000;

/**
 * One scan of the input prefix: every object not yet in the file ledger is recorded, planned
 * into chunks and enqueued (deterministic job ids: enqueueing twice adds nothing). Then files
 * whose recording scheduler died before enqueueing are enqueued.
 */
export async function scanOnce(deps: ScanDeps): Promise<ScanSummary> {
  const summary: ScanSummary = { listed: 0, newFiles: 0, chunksEnqueued: 0, changed: 0 };
  let page: FileRecord[] = [];
  const flush = async (): Promise<void> => {
    await recordAndEnqueue(deps, page, summary);
    page = [];
  };
  for await (const object of listObjects(deps.s3, deps.bucket, deps.inputPrefix)) {
    if (object.key.endsWith('/')) continue; // folder markers
    summary.listed++;
    const gzip = isGzipKey(object.key);
    page.push({
      fileId: fileIdOf(deps.bucket, object.key, object.etag),
      bucket: deps.bucket,
      key: object.key,
      etag: object.etag,
      size: object.size,
      chunkCount: planChunks(object.size, deps.chunkBytes, gzip).length,
    });
    if (page.length >= 1000) await flush();
  }
  await flush();
  for (const orphan of await deps.ledger.unenqueuedFiles(ORPHAN_AGE_MS)) {
    summary.chunksEnqueued += await enqueueFile(deps, orphan);
  }
  return summary;
}

async function recordAndEnqueue(deps: ScanDeps, files: FileRecord[], summary: ScanSummary): Promise<void> {
  if (files.length === 0) return;
  const fresh = files.filter((f) => !deps.known.has(f.fileId));
  if (fresh.length === 0) return;
  const previous = await deps.ledger.recordedEtags(deps.bucket, fresh.map((f) => f.key));
  for (const file of fresh) {
    const inserted = await deps.ledger.recordFile(file);
    deps.known.add(file.fileId);
    if (!inserted) continue; // recorded before, or by another replica
    summary.newFiles++;
    const etags = previous.get(file.key)?.filter((etag) => etag !== file.etag);
    if (etags && etags.length > 0) {
      summary.changed++;
      deps.onChangedObject?.(file.key, etags, file.etag);
    }
    summary.chunksEnqueued += await enqueueFile(deps, file);
  }
}

/** Adds one parse job per chunk in bulk, then marks the file enqueued. */
async function enqueueFile(deps: ScanDeps, file: FileRecord): Promise<number> {
  const gzip = isGzipKey(file.key);
  const chunks = planChunks(file.size, deps.chunkBytes, gzip);
  await deps.parseQueue.addBulk(
    chunks.map((range, chunkIndex) => {
      const data: ParseJob = {
        fileId: file.fileId,
        bucket: file.bucket,
        key: file.key,
        etag: file.etag,
        size: file.size,
        gzip,
        chunkIndex,
        chunkCount: chunks.length,
        start: range.start,
        end: range.end,
      };
      return { name: 'parse', data, opts: { jobId: parseJobId(file.fileId, chunkIndex) } };
    }),
  );
  await deps.ledger.markEnqueued(file.fileId);
  return chunks.length;
}
