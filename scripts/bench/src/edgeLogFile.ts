/**
 * Workload files on disk, written as a stream (a 1 GB file never sits in memory) and kept under
 * bench-results/data/ so the benchmarks of one run (and later runs) share them.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { TableSet } from '@spade/transform';
import { sampleEdgeLines } from '@spade/samples';
import { workloadLines } from './workload';
import { DATA_DIR } from './paths';

export type WorkloadKind = 'realistic' | 'uniform';

export interface EdgeLogSpec {
  kind: WorkloadKind;
  seed: number;
  /** Stop after this many lines… */
  lines?: number;
  /** …or once the (uncompressed) text reaches this many bytes. */
  bytes?: number;
  gzip: boolean;
}

export interface EdgeLogFile {
  path: string;
  /** Size on disk. */
  size: number;
}

/** Bumped whenever the generated lines change, so files of an older generator are not reused. */
const GENERATOR_VERSION = 2;

function fileName(spec: EdgeLogSpec): string {
  const amount = spec.lines !== undefined ? `${spec.lines}l` : `${spec.bytes}b`;
  return `${spec.kind}-v${GENERATOR_VERSION}-${spec.seed}-${amount}.log${spec.gzip ? '.gz' : ''}`;
}

function linesOf(tables: TableSet, spec: EdgeLogSpec): Iterator<string> {
  if (spec.kind === 'realistic') return workloadLines(tables, { seed: spec.seed });
  return sampleEdgeLines([...tables.values()], { seed: spec.seed, lines: Number.MAX_SAFE_INTEGER });
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** The file for a spec, generated unless an earlier run left it. */
export async function edgeLogFile(tables: TableSet, spec: EdgeLogSpec): Promise<EdgeLogFile> {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = join(DATA_DIR, fileName(spec));
  if (existsSync(path)) return { path, size: statSync(path).size };
  const partial = `${path}.partial`;
  const file = createWriteStream(partial);
  const gzip = spec.gzip ? createGzip({ level: 6 }) : null;
  if (gzip) gzip.pipe(file);
  const out: Writable = gzip ?? file;
  const lines = linesOf(tables, spec);
  const maxLines = spec.lines ?? Number.MAX_SAFE_INTEGER;
  const maxBytes = spec.bytes ?? Number.MAX_SAFE_INTEGER;
  let block = '';
  let bytes = 0;
  for (let n = 0; n < maxLines && bytes < maxBytes; n++) {
    const line = `${lines.next().value as string}\n`;
    bytes += Buffer.byteLength(line);
    block += line;
    if (block.length >= 1 << 20) {
      await write(out, block);
      block = '';
    }
  }
  await write(out, block);
  out.end();
  await once(file, 'close');
  renameSync(partial, path);
  return { path, size: statSync(path).size };
}
