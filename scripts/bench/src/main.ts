/**
 * `npm run bench [-- <benchmark…>] [options]`: the benchmarks of issue 5. Prints a table and writes
 * bench-results/bench-<time>.json (and bench-latest.json). Benchmarks (default: all, in this order):
 *
 *   core      events/s per core, line → row → gzip in one thread, and the naive floor in the same run
 *   parallel  the same in one thread per core at once
 *   e2e       S3 → warehouse through separate processes (real Redis, PostgreSQL, S3 server)
 *   memory    parser peak RSS on a 10 MiB and a 1 GiB file; Redis memory per queued MiB of rows
 *
 * Options: --lines N (core/parallel, default 1 000 000), --repeat N (3), --workload realistic|uniform|both,
 * --e2e-lines N (1 000 000), --files N (8), --parsers N (2), --writers N (1), --sizes 10m,1g,
 * --quick (small sizes, for a smoke run), --set SPADE_X=value (a setting for the e2e/memory processes).
 * e2e and memory need Redis and PostgreSQL at SPADE_TEST_REDIS_URL / SPADE_TEST_PG_URL (the test defaults).
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { coreBench } from './coreBench';
import { parallelBench } from './parallelBench';
import { e2eBench } from './e2eBench';
import { memoryBench } from './memoryBench';
import { conditionsNow, formatTable, round, saveResults, say, type Figure } from './report';
import type { WorkloadKind } from './edgeLogFile';

const BENCHMARKS = ['core', 'parallel', 'e2e', 'memory'] as const;
type Benchmark = (typeof BENCHMARKS)[number];

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kmg]?)$/i.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text} (use e.g. 10m, 1g)`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(match[1]) * unit);
}

function positiveInt(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      lines: { type: 'string' }, repeat: { type: 'string' }, workload: { type: 'string' }, 'e2e-lines': { type: 'string' },
      files: { type: 'string' }, parsers: { type: 'string' }, writers: { type: 'string' }, sizes: { type: 'string' },
      quick: { type: 'boolean', default: false }, set: { type: 'string', multiple: true },
    },
  });
  const unknown = positionals.filter((p) => !(BENCHMARKS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')} (choose from ${BENCHMARKS.join(', ')})`);
  const selected: Benchmark[] = positionals.length > 0 ? BENCHMARKS.filter((b) => positionals.includes(b)) : [...BENCHMARKS];
  const quick = values.quick!;
  const lines = positiveInt(values.lines, quick ? 100000 : 1000000, 'lines');
  const workloads: WorkloadKind[] = values.workload === 'realistic' || values.workload === 'uniform' ? [values.workload] : ['realistic', 'uniform'];
  const settings = Object.fromEntries((values.set ?? []).map((pair) => {
    const eq = pair.indexOf('=');
    if (!pair.startsWith('SPADE_') || eq < 0) throw new Error(`--set takes SPADE_NAME=value, not ${pair}`);
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  }));

  const conditions = conditionsNow();
  say(`spade bench: ${selected.join(', ')} — Node ${conditions.node}, ${conditions.cpus} CPUs (${conditions.cpuModel}), parts gzipped by ${conditions.gzip}, load average ${conditions.loadAverageAtStart.join(' ')}`);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  for (const benchmark of selected) {
    say(`${benchmark}…`);
    const started = Date.now();
    if (benchmark === 'core') {
      const result = await coreBench({ lines, repeat: positiveInt(values.repeat, quick ? 2 : 3, 'repeat'), workloads });
      figures.push(...result.figures);
      details.core = result.passes;
    } else if (benchmark === 'parallel') {
      const result = await parallelBench({ lines });
      figures.push(...result.figures);
      details.parallel = result.threads;
    } else if (benchmark === 'e2e') {
      const result = await e2eBench({
        lines: positiveInt(values['e2e-lines'], quick ? 100000 : 1000000, 'e2e-lines'),
        files: positiveInt(values.files, 8, 'files'),
        parsers: positiveInt(values.parsers, 2, 'parsers'),
        writers: positiveInt(values.writers, 1, 'writers'),
        settings,
      });
      figures.push(...result.figures);
      details.e2e = result.details;
    } else {
      const sizes = (values.sizes ?? (quick ? '10m,100m' : '10m,1g')).split(',').map(parseSize);
      const result = await memoryBench({ sizes, queuedBytes: parseSize(quick ? '8m' : '30m'), settings });
      figures.push(...result.figures);
      details.memory = result.details;
    }
    say(`${benchmark} done in ${round((Date.now() - started) / 1000, 1)} s`);
  }
  conditions.loadAverageAtEnd = loadavg().map((l) => round(l, 2));
  say('');
  say(formatTable(figures));
  const path = saveResults('bench', { command: `npm run bench -- ${argv.join(' ')}`.trim(), benchmarks: selected, conditions, figures, details });
  say(`\nresults: ${path}`);
  return 0;
}
