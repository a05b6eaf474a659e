/**
 * One pass over a workload file in this thread, timed by CPU time (process.cpuUsage: every thread of
 * the process, so zlib and GC count too):
 *
 * - `core`: what a parser does per chunk, minus S3 and Redis — the parser's own LineSplitter and
 *   ChunkParser: lines → events → rows in the loading encoding → per-table parts sealed as gzip
 *   members, rejects and non-tracked records as JSON lines into gzip (JsonLinesSink);
 * - `naive floor`: what a naive program does with the same lines — read them with node:readline,
 *   JSON.parse the edge line, base64-decode `data`, JSON.parse the payload;
 * - `strict floor`: the same decoding, with lines cut by the parser's own splitter.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ChunkParser, createLineCore, GUNZIP_CHUNK_BYTES, JsonLinesSink, LineSplitter, type InputLine, type LineHandler } from '@spade/pipeline';
import type { GeoIp, TableSet } from '@spade/transform';

export type PassKind = 'core' | 'naive floor' | 'strict floor';

export interface PassResult {
  kind: PassKind;
  lines: number;
  /** Events decoded (an array payload is several). */
  events: number;
  rows: number;
  /** Bytes of the rows (newlines included), and bytes of all gzip output. */
  rowBytes: number;
  gzipBytes: number;
  cpuSeconds: number;
  wallSeconds: number;
  eventsPerCpuSecond: number;
}

const PART_MAX_BYTES = 1024 * 1024;

/** The file's bytes; a gzip file is inflated as parseChunk inflates gzip objects. */
function openInput(path: string): Readable {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  return path.endsWith('.gz') ? file.pipe(createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES })) : file;
}

/** Hands the file's first `maxLines` lines to `onLine`, a stream buffer at a time, as parseChunk does. */
async function splitLines(path: string, maxLines: number, onLine: LineHandler): Promise<void> {
  const splitter = new LineSplitter({ streamOffset: 0, start: 0, end: Number.MAX_SAFE_INTEGER, maxLineBytes: 16 * 1024 * 1024 });
  let seen = 0;
  const counted: LineHandler = (line) => {
    if (seen++ < maxLines) onLine(line);
  };
  const input = openInput(path);
  for await (const data of input as AsyncIterable<Buffer>) {
    splitter.push(data, counted);
    if (seen >= maxLines) break;
  }
  input.destroy();
  splitter.end(counted);
}

interface Counts {
  lines: number;
  events: number;
  rows: number;
  rowBytes: number;
  gzipBytes: number;
}

/** A JsonLinesSink whose "upload" only counts the gzip bytes. */
function countingSink(counts: Counts): JsonLinesSink {
  return new JsonLinesSink(async (body) => {
    for await (const piece of body as AsyncIterable<Buffer>) counts.gzipBytes += piece.length;
  });
}

async function runCore(path: string, tables: TableSet, geo: GeoIp, maxLines: number): Promise<Counts> {
  const counts: Counts = { lines: 0, events: 0, rows: 0, rowBytes: 0, gzipBytes: 0 };
  const rejects = countingSink(counts);
  const nontracked = countingSink(counts);
  const parser = new ChunkParser({
    core: createLineCore(tables, geo),
    partMaxBytes: PART_MAX_BYTES,
    maxLineBytes: 16 * 1024 * 1024,
    source: path,
    chunkIndex: 0,
    rejects,
    nontracked,
  });
  const takeParts = (): void => {
    for (const part of parser.sealed) counts.gzipBytes += part.gzip.length;
    parser.sealed = [];
  };
  await splitLines(path, maxLines, (line) => {
    parser.handleLine(line);
    if (parser.sealed.length > 0) takeParts();
  });
  parser.finish();
  takeParts();
  await Promise.all([rejects.close(), nontracked.close()]);
  counts.lines = parser.lines;
  counts.events = parser.events;
  counts.rows = parser.rows;
  counts.rowBytes = parser.rowBytes;
  return counts;
}

/** The naive floor's work on one line: how many events it decodes to. */
function floorEvents(text: string): number {
  try {
    const edge = JSON.parse(text) as { data: string };
    const payload = JSON.parse(Buffer.from(edge.data, 'base64').toString('utf8')) as unknown;
    return Array.isArray(payload) ? payload.length : 1;
  } catch {
    return 1; // a bad line is one (error) event, as in the core
  }
}

async function runStrictFloor(path: string, maxLines: number): Promise<Counts> {
  const counts: Counts = { lines: 0, events: 0, rows: 0, rowBytes: 0, gzipBytes: 0 };
  await splitLines(path, maxLines, (line: InputLine) => {
    counts.lines++;
    counts.events += floorEvents(line.text.toString('utf8'));
  });
  return counts;
}

async function runNaiveFloor(path: string, maxLines: number): Promise<Counts> {
  const counts: Counts = { lines: 0, events: 0, rows: 0, rowBytes: 0, gzipBytes: 0 };
  const input = openInput(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const text of lines) {
    if (counts.lines === maxLines) break;
    counts.lines++;
    counts.events += floorEvents(text);
  }
  lines.close();
  input.destroy();
  return counts;
}

/** One timed pass; `maxLines` cuts the file short (warm-up passes). */
export async function runPass(kind: PassKind, path: string, tables: TableSet, geo: GeoIp, maxLines = Number.MAX_SAFE_INTEGER): Promise<PassResult> {
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  const counts =
    kind === 'core' ? await runCore(path, tables, geo, maxLines) : kind === 'strict floor' ? await runStrictFloor(path, maxLines) : await runNaiveFloor(path, maxLines);
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    kind,
    ...counts,
    cpuSeconds,
    wallSeconds: Number(process.hrtime.bigint() - wallStart) / 1e9,
    eventsPerCpuSecond: counts.events / cpuSeconds,
  };
}
