import { isUtf8 } from 'node:buffer';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { formatS3Url, getObjectStream, uploadStream } from '@spade/storage';
import { partIdOf, type LoadJob, type ParseJob, type ParseResult } from '@spade/queues';
import { chunkLines, type InputLine } from './lines';
import { PartBuilder, type SealedPart } from './parts';
import { JsonLinesSink } from './jsonLinesSink';
import { sinkObjectKey } from './sinkKeys';
import type { LineCore, LineOutcome } from './lineCore';

export interface ParseChunkDeps {
  s3: S3Client;
  /** Bucket for rejects and non-tracked records. */
  outputBucket: string;
  rejectsPrefix: string;
  nontrackedPrefix: string;
  core: LineCore;
  partMaxBytes: number;
  maxLineBytes: number;
  /** Queues sealed parts on their tables' load queues (deterministic job ids). */
  emitParts(parts: LoadJob[]): Promise<void>;
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

/** Lines, their input bytes (newlines included) and events by outcome since the last report. */
export interface ParseProgress {
  lines: number;
  bytes: number;
  ok: number;
  skippedColumn: number;
  nontracked: number;
  malformed: number;
  empty: number;
}

export interface ChunkSummary extends ParseResult {
  fileId: string;
  chunkIndex: number;
}

/** Lines between two turns of the event loop, so BullMQ can renew its locks during CPU-heavy work. */
const LINES_PER_TURN = 2000;
/** Sealed parts held before they are queued in bulk. */
const PARTS_PER_EMIT = 16;

/**
 * Parses one chunk: streams its bytes (ranged GET, gunzip for gzip objects), runs every line
 * through the core, and emits each table's rows as parts of bounded size. Rejected lines and
 * non-tracked events are streamed to their own S3 objects, keyed by file and chunk so a re-run
 * overwrites them. A re-run emits the same part ids with the same rows.
 */
export async function parseChunk(deps: ParseChunkDeps, job: ParseJob): Promise<ChunkSummary> {
  const source = formatS3Url(job.bucket, job.key);
  const summary: ChunkSummary = { fileId: job.fileId, chunkIndex: job.chunkIndex, lines: 0, events: 0, rows: 0, rejects: 0, nontracked: 0, parts: 0 };
  const rejects = new JsonLinesSink((body) => upload(deps, sinkObjectKey(deps.rejectsPrefix, job.fileId, job.chunkIndex), body));
  const nontracked = new JsonLinesSink((body) => upload(deps, sinkObjectKey(deps.nontrackedPrefix, job.fileId, job.chunkIndex), body));
  const builders = new Map<string, PartBuilder>();
  let sealed: SealedPart[] = [];

  const emit = async (): Promise<void> => {
    if (sealed.length === 0) return;
    const jobs = sealed.map((p) => toLoadJob(job, p));
    sealed = [];
    summary.parts += jobs.length;
    await deps.emitParts(jobs);
    deps.metrics?.addPartsEmitted(jobs.length);
  };
  const addRow = (outcome: LineOutcome): void => {
    let builder = builders.get(outcome.table!);
    if (!builder) {
      builder = new PartBuilder(outcome.table!, outcome.version, deps.partMaxBytes);
      builders.set(outcome.table!, builder);
    }
    const part = builder.add(outcome.loadRow!);
    if (part) sealed.push(part);
  };

  // Counted in plain fields and reported every LINES_PER_TURN lines: metrics cost nothing per event.
  let progress = noProgress();
  const reportProgress = (): void => {
    if (!deps.metrics) return;
    deps.metrics.addParseProgress(progress);
    progress = noProgress();
  };

  for await (const line of await openLines(deps, job)) {
    summary.lines++;
    progress.lines++;
    progress.bytes += (line.truncatedFrom ?? line.text.length) + 1;
    if (summary.lines % LINES_PER_TURN === 0) {
      reportProgress();
      await yieldToEventLoop();
    }
    if (line.truncatedFrom !== undefined) {
      progress.malformed++;
      await rejects.write(rejectRecord(source, job, line, 'malformed', `line is ${line.truncatedFrom} bytes, over the ${deps.maxLineBytes}-byte limit`, ''));
      continue;
    }
    for (const outcome of deps.core.processLine(line.text)) {
      summary.events++;
      if (outcome.status === 'ok' || outcome.status === 'skipped_column') {
        summary.rows++;
        if (outcome.status === 'ok') progress.ok++;
        else progress.skippedColumn++;
        addRow(outcome);
      } else if (outcome.status === 'nontracked') {
        progress.nontracked++;
        await nontracked.write({ file: source, chunk: job.chunkIndex, line: line.number, offset: line.offset, uuid: outcome.uuid, event: outcome.name, record: outcome.nontracked });
      } else {
        if (outcome.status === 'malformed') progress.malformed++;
        else progress.empty++;
        await rejects.write(rejectRecord(source, job, line, outcome.status, outcome.reason ?? '', outcome.uuid));
      }
    }
    if (sealed.length >= PARTS_PER_EMIT) await emit();
  }
  reportProgress();
  for (const builder of builders.values()) {
    const part = builder.seal();
    if (part) sealed.push(part);
  }
  await emit();
  await Promise.all([rejects.close(), nontracked.close()]);
  summary.rejects = rejects.count;
  summary.nontracked = nontracked.count;
  await deps.recordChunk(summary);
  return summary;
}

function noProgress(): ParseProgress {
  return { lines: 0, bytes: 0, ok: 0, skippedColumn: 0, nontracked: 0, malformed: 0, empty: 0 };
}

async function openLines(deps: ParseChunkDeps, job: ParseJob): Promise<AsyncIterable<InputLine>> {
  if (job.size === 0) return (async function* () {})();
  if (job.gzip) {
    const raw = await getObjectStream(deps.s3, job.bucket, job.key);
    // 1 MiB output chunks: each chunk is a round trip to zlib's thread; 16 KiB ones cost about as much CPU again as the inflating.
    const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
    raw.on('error', (error) => gunzip.destroy(error));
    raw.pipe(gunzip);
    return chunkLines(gunzip, { streamOffset: 0, start: 0, end: Number.MAX_SAFE_INTEGER, maxLineBytes: deps.maxLineBytes });
  }
  const from = job.start > 0 ? job.start - 1 : 0;
  const stream: Readable = await getObjectStream(deps.s3, job.bucket, job.key, { start: from, end: job.size - 1 });
  return stopAfterChunk(stream, chunkLines(stream, { streamOffset: from, start: job.start, end: job.end, maxLineBytes: deps.maxLineBytes }));
}

/** The ranged GET runs to the end of the object (a last line may cross the chunk's end): close it once done. */
async function* stopAfterChunk(stream: Readable, lines: AsyncGenerator<InputLine>): AsyncGenerator<InputLine> {
  try {
    yield* lines;
  } finally {
    stream.destroy();
  }
}

function toLoadJob(job: ParseJob, part: SealedPart): LoadJob {
  return {
    partId: partIdOf(job.fileId, job.chunkIndex, part.table, part.seq),
    table: part.table,
    version: part.version,
    fileId: job.fileId,
    chunkIndex: job.chunkIndex,
    rows: part.rows,
    gzip: part.gzip.toString('base64'),
  };
}

/** A reject keeps the whole line (UTF-8 text, or base64 when it is not valid UTF-8): nothing is lost. */
function rejectRecord(file: string, job: ParseJob, line: InputLine, status: string, reason: string, uuid: string): object {
  const text = line.text;
  const utf8 = isUtf8(text);
  return {
    file,
    chunk: job.chunkIndex,
    line: line.number,
    offset: line.offset,
    status,
    reason,
    uuid,
    ...(utf8 ? { raw: text.toString('utf8') } : { rawBase64: text.toString('base64') }),
  };
}

async function upload(deps: ParseChunkDeps, key: string, body: Readable): Promise<void> {
  await uploadStream(deps.s3, deps.outputBucket, key, body, { contentType: 'application/x-ndjson' });
}
