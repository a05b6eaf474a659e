/** Benchmark results: the printed table, the JSON file, and the conditions they were measured under. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipEngine, type GzipEngine } from '@spade/gzip';
import { RESULTS_DIR } from './paths';

/** One printed line: what was measured, its value and unit, and a note (how, or against what). */
export interface Figure {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  note?: string;
}

export interface Conditions {
  node: string;
  cpus: number;
  cpuModel: string;
  /** What gzips the parts: libdeflate, or zlib where it was not built. */
  gzip: GzipEngine;
  memoryGiB: number;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  freeMemoryGiBAtStart: number;
}

export function conditionsNow(): Conditions {
  return {
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    gzip: gzipEngine,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    loadAverageAtStart: loadavg().map((l) => round(l, 2)),
    freeMemoryGiBAtStart: round(freemem() / 2 ** 30, 1),
  };
}

export function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** The figures as an aligned text table. */
export function formatTable(figures: Figure[]): string {
  const rows = [['benchmark', 'metric', 'value', 'unit', 'note'], ...figures.map((f) => [f.benchmark, f.metric, formatValue(f.value), f.unit, f.note ?? ''])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n');
}

export function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Writes `bench-results/<name>-<time>.json` and `bench-results/<name>-latest.json`; returns the first path. */
export function saveResults(name: string, body: object): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(RESULTS_DIR, `${name}-${stamp}.json`);
  const text = `${JSON.stringify(body, null, 2)}\n`;
  writeFileSync(path, text);
  writeFileSync(join(RESULTS_DIR, `${name}-latest.json`), text);
  return path;
}
