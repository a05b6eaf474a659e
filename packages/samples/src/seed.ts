/**
 * Sample edge log files for a table config, written one at a time through a caller's `put`
 * (S3 in `spade seed` and `spade local`), so this package needs no storage client.
 */
import { gzipSync } from 'node:zlib';
import type { Table } from '@spade/transform';
import { sampleEdgeLines } from './edgeLogs';

export interface SampleLogPlan {
  /** Key prefix the files go under (the input prefix), e.g. `edge/`. */
  prefix: string;
  /** Lines of each file, one entry per file, in order. */
  fileLines: readonly number[];
  /** Seed of the first file; file i is generated with seed + i. */
  seed: number;
  /** The day folder of the keys (UTC); default today. */
  date?: Date;
  /** File name stem; default `sample-<seed>`. */
  name?: string;
}

export interface SeededFile {
  key: string;
  lines: number;
  gzip: boolean;
  /** Bytes written (compressed size for gzip files). */
  bytes: number;
}

/** Stores one object; the caller binds the bucket and client. */
export type PutObject = (key: string, body: Buffer) => Promise<unknown>;

/**
 * Key of file `index`: `<prefix><yyyy>/<mm>/<dd>/<name>-<index>.log`, `.log.gz` for gzip files.
 * Files at odd positions are gzip, so a seed of two or more files covers both input kinds
 * (a gzip file is one chunk; a plain one can be split into byte ranges).
 */
export function sampleLogKey(plan: SampleLogPlan, index: number): string {
  const day = (plan.date ?? new Date()).toISOString().slice(0, 10).replace(/-/g, '/');
  const name = plan.name ?? `sample-${plan.seed}`;
  return `${plan.prefix}${day}/${name}-${index}.log${isGzipIndex(index) ? '.gz' : ''}`;
}

function isGzipIndex(index: number): boolean {
  return index % 2 === 1;
}

/** The body of file `index`: its lines joined by LF, with a final LF; gzip at odd positions. */
export function sampleLogBody(tables: readonly Table[], plan: SampleLogPlan, index: number): Buffer {
  const lines = [...sampleEdgeLines(tables, { seed: plan.seed + index, lines: plan.fileLines[index] })];
  const text = Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  return isGzipIndex(index) ? gzipSync(text) : text;
}

/**
 * Generates and stores the planned files one by one (only one file's text is in memory at a
 * time). The same plan on the same day gives the same keys and bytes, so seeding twice stores
 * identical objects, which the scheduler's file ledger already knows.
 */
export async function seedSampleLogs(tables: readonly Table[], plan: SampleLogPlan, put: PutObject): Promise<SeededFile[]> {
  const fixed: SampleLogPlan = { ...plan, date: plan.date ?? new Date() }; // one day for every key
  const seeded: SeededFile[] = [];
  for (let index = 0; index < fixed.fileLines.length; index++) {
    const key = sampleLogKey(fixed, index);
    const body = sampleLogBody(tables, fixed, index);
    await put(key, body);
    seeded.push({ key, lines: fixed.fileLines[index], gzip: isGzipIndex(index), bytes: body.length });
  }
  return seeded;
}
