/**
 * One pass over a workload file in this thread, timed by CPU time (process.cpuUsage: every thread of
 * the process, so zlib and GC count too):
 *
 * - `core`: what a parser does per chunk, minus S3 and Redis — split lines, line → events → rows in
 *   the loading encoding, rows into per-table parts sealed as gzip members (PartBuilder), rejects and
 *   non-tracked records as JSON lines into gzip, as parseChunk does;
 * - `floor`: the naive Node floor of issue 5 on the same lines — JSON.parse the edge line,
 *   base64-decode `data`, JSON.parse the payload.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import { chunkLines, createLineCore, PartBuilder } from '@spade/pipeline';
import type { GeoIp, TableSet } from '@spade/transform';

export type PassKind = 'core' | 'floor';

export interface PassResult {
  kind: PassKind;
  lines: number;
  /** Events decoded (an array payload is several). */
  events: number;
  rows: number;
  /** Characters of the rows (about their bytes), and bytes of all gzip output. */
  rowChars: number;
  gzipBytes: number;
  cpuSeconds: number;
  wallSeconds: number;
  eventsPerCpuSecond: number;
}

const PART_MAX_BYTES = 1024 * 1024;
/** As parseChunk reads gzip objects: large output chunks (each chunk is a round trip to zlib's thread). */
const GUNZIP_CHUNK_BYTES = 1024 * 1024;

function openInput(path: string): Readable {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  return path.endsWith('.gz') ? file.pipe(createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES })) : file;
}

function lines(path: string): AsyncIterable<{ text: Buffer }> {
  return chunkLines(openInput(path), { streamOffset: 0, start: 0, end: Number.MAX_SAFE_INTEGER, maxLineBytes: 16 * 1024 * 1024 });
}

interface Counts {
  lines: number;
  events: number;
  rows: number;
  rowChars: number;
  gzipBytes: number;
}

async function runCore(path: string, tables: TableSet, geo: GeoIp, maxLines: number): Promise<Counts> {
  const core = createLineCore(tables, geo);
  const builders = new Map<string, PartBuilder>();
  const counts: Counts = { lines: 0, events: 0, rows: 0, rowChars: 0, gzipBytes: 0 };
  let sideRecords: string[] = [];
  const sealed = (part: { rows: number; gzip: Buffer } | null): void => {
    if (part) counts.gzipBytes += part.gzip.length;
  };
  for await (const line of lines(path)) {
    if (counts.lines === maxLines) break;
    counts.lines++;
    for (const outcome of core.processLine(line.text)) {
      counts.events++;
      if (outcome.loadRow !== undefined) {
        let builder = builders.get(outcome.table!);
        if (!builder) builders.set(outcome.table!, (builder = new PartBuilder(outcome.table!, outcome.version, PART_MAX_BYTES)));
        counts.rows++;
        counts.rowChars += outcome.loadRow.length + 1;
        sealed(builder.add(outcome.loadRow));
      } else {
        // Rejects and non-tracked events become JSON-lines records, as parseChunk writes them.
        sideRecords.push(JSON.stringify({ line: counts.lines, status: outcome.status, uuid: outcome.uuid, reason: outcome.reason, record: outcome.nontracked }));
        if (sideRecords.length >= 1000) {
          counts.gzipBytes += gzipSync(`${sideRecords.join('\n')}\n`).length;
          sideRecords = [];
        }
      }
    }
  }
  for (const builder of builders.values()) sealed(builder.seal());
  if (sideRecords.length > 0) counts.gzipBytes += gzipSync(`${sideRecords.join('\n')}\n`).length;
  return counts;
}

async function runFloor(path: string, maxLines: number): Promise<Counts> {
  const counts: Counts = { lines: 0, events: 0, rows: 0, rowChars: 0, gzipBytes: 0 };
  for await (const line of lines(path)) {
    if (counts.lines === maxLines) break;
    counts.lines++;
    try {
      const edge = JSON.parse(line.text.toString('utf8')) as { data: string };
      const payload = JSON.parse(Buffer.from(edge.data, 'base64').toString('utf8')) as unknown;
      counts.events += Array.isArray(payload) ? payload.length : 1;
    } catch {
      counts.events++; // a bad line is one (error) event, as in the core
    }
  }
  return counts;
}

/** One timed pass; `maxLines` cuts the file short (warm-up passes). */
export async function runPass(kind: PassKind, path: string, tables: TableSet, geo: GeoIp, maxLines = Number.MAX_SAFE_INTEGER): Promise<PassResult> {
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  const counts = kind === 'core' ? await runCore(path, tables, geo, maxLines) : await runFloor(path, maxLines);
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
