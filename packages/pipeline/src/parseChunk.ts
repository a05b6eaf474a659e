import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { formatS3Url, getObjectStream, uploadStream } from '@spade/storage';
import { partIdOf, type LoadJob, type ParseJob, type ParseResult } from '@spade/queues';
import type { ParseProgress } from '@spade/runtime';
import { LineSplitter, type ChunkLineOptions } from './lines';
import type { SealedPart } from './parts';
import { JsonLinesSink } from './jsonLinesSink';
import { sinkObjectKey } from './sinkKeys';
import { ChunkParser } from './chunkParser';
import type { LineCore } from './lineCore';

export interface ParseChunkDeps {
  s3: S3Client;
  /** Bucket for rejects and non-tracked records. */
  outputBucket: string;
  rejectsPrefix: string;
  nontrackedPrefix: string;
  core: LineCore;
  partMaxBytes: number;
  maxLineBytes: number;
  /** Stores sealed parts' data and queues their load jobs (deterministic job ids), in that order. */
  emitParts(parts: EmittedPart[]): Promise<void>;
  /** Records the parsed chunk in the chunk ledger (idempotent). */
  recordChunk(summary: ChunkSummary): Promise<void>;
  /** Where counts of lines, bytes, events and parts go (the process's metrics), if anywhere. */
  metrics?: ParseMetrics;
}

/** Counters a parse reports to, without this package depending on a metrics library. */
export interface ParseMetrics {
  addParseProgress(progress: ParseProgress): void;
  addPartsEmitted(parts: number): void;
}

/** A sealed part on its way out: its load job and its data (one gzip member). */
export interface EmittedPart {
  job: LoadJob;
  gzip: Buffer;
}

export interface ChunkSummary extends ParseResult {
  fileId: string;
  chunkIndex: number;
}

/** Lines between two turns of the event loop, so BullMQ can renew its locks during CPU-heavy work. */
const LINES_PER_TURN = 2000;
/** Sealed parts held before they are queued in bulk. */
const PARTS_PER_EMIT = 16;
/** Output chunks of gunzip: each is a round trip to zlib's thread; 16 KiB ones cost about as much CPU again as the inflating. */
export const GUNZIP_CHUNK_BYTES = 1024 * 1024;

/**
 * Parses one chunk: streams its bytes (ranged GET, gunzip for gzip objects), runs every line
 * through the core a stream buffer at a time (ChunkParser), and emits each table's rows as parts
 * of bounded size. Rejected lines and non-tracked events are streamed to their own S3 objects,
 * keyed by file and chunk so a re-run overwrites them. A re-run emits the same part ids with the
 * same rows.
 */
export async function parseChunk(deps: ParseChunkDeps, job: ParseJob): Promise<ChunkSummary> {
  const rejects = new JsonLinesSink((body) => upload(deps, sinkObjectKey(deps.rejectsPrefix, job.fileId, job.chunkIndex), body));
  const nontracked = new JsonLinesSink((body) => upload(deps, sinkObjectKey(deps.nontrackedPrefix, job.fileId, job.chunkIndex), body));
  const parser = new ChunkParser({
    core: deps.core,
    partMaxBytes: deps.partMaxBytes,
    maxLineBytes: deps.maxLineBytes,
    source: formatS3Url(job.bucket, job.key),
    chunkIndex: job.chunkIndex,
    rejects,
    nontracked,
  });
  let parts = 0;
  const emit = async (): Promise<void> => {
    if (parser.sealed.length === 0) return;
    const emitted = parser.sealed.map((part) => ({ job: toLoadJob(job, part), gzip: part.gzip }));
    parser.sealed = [];
    parts += emitted.length;
    await deps.emitParts(emitted);
    deps.metrics?.addPartsEmitted(emitted.length);
  };
  // Counted in plain fields and reported every turn: metrics cost nothing per event.
  const reportProgress = (): void => {
    const progress = parser.takeProgress();
    deps.metrics?.addParseProgress(progress);
  };

  const input = await openInput(deps, job);
  const splitter = new LineSplitter(input.lines);
  let linesAtTurn = 0;
  try {
    for await (const data of input.stream as AsyncIterable<Buffer>) {
      const more = splitter.push(data, parser.handleLine);
      await Promise.all([rejects.drained(), nontracked.drained()]);
      if (parser.sealed.length >= PARTS_PER_EMIT) await emit();
      if (parser.lines - linesAtTurn >= LINES_PER_TURN) {
        linesAtTurn = parser.lines;
        reportProgress();
        await yieldToEventLoop();
      }
      if (!more) break;
    }
  } finally {
    input.stream.destroy(); // a ranged GET runs to the end of the object: a last line may cross the chunk's end
  }
  splitter.end(parser.handleLine);
  reportProgress();
  parser.finish();
  await emit();
  await Promise.all([rejects.close(), nontracked.close()]);
  const summary: ChunkSummary = {
    fileId: job.fileId, chunkIndex: job.chunkIndex, lines: parser.lines, events: parser.events, rows: parser.rows, rejects: rejects.count, nontracked: nontracked.count, parts,
  };
  await deps.recordChunk(summary);
  return summary;
}

/** The chunk's bytes, and where they sit in the object (for LineSplitter). */
async function openInput(deps: ParseChunkDeps, job: ParseJob): Promise<{ stream: Readable; lines: ChunkLineOptions }> {
  const maxLineBytes = deps.maxLineBytes;
  if (job.size === 0) return { stream: Readable.from([]), lines: { streamOffset: 0, start: 0, end: -1, maxLineBytes } };
  if (job.gzip) {
    const raw = await getObjectStream(deps.s3, job.bucket, job.key);
    const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
    raw.on('error', (error) => gunzip.destroy(error));
    gunzip.on('close', () => raw.destroy());
    raw.pipe(gunzip);
    return { stream: gunzip, lines: { streamOffset: 0, start: 0, end: Number.MAX_SAFE_INTEGER, maxLineBytes } };
  }
  const from = job.start > 0 ? job.start - 1 : 0;
  const stream = await getObjectStream(deps.s3, job.bucket, job.key, { start: from, end: job.size - 1 });
  return { stream, lines: { streamOffset: from, start: job.start, end: job.end, maxLineBytes } };
}

function toLoadJob(job: ParseJob, part: SealedPart): LoadJob {
  return {
    partId: partIdOf(job.fileId, job.chunkIndex, part.table, part.seq),
    table: part.table,
    version: part.version,
    fileId: job.fileId,
    chunkIndex: job.chunkIndex,
    rows: part.rows,
    bytes: part.gzip.length,
  };
}

async function upload(deps: ParseChunkDeps, key: string, body: Readable): Promise<void> {
  await uploadStream(deps.s3, deps.outputBucket, key, body, { contentType: 'application/x-ndjson' });
}
