/**
 * `core`: events/s per core for line → row → gzip in one thread, with the naive floor measured in
 * the same process on the same lines, passes alternating so both see the same machine load.
 */
import { readFileSync } from 'node:fs';
import { loadTableConfig, openGeoIp, type TableSet } from '@spade/transform';
import { edgeLogFile, type WorkloadKind } from './edgeLogFile';
import { runPass, type PassKind, type PassResult } from './corePass';
import { GEOIP_DIR, TABLE_CONFIG } from './paths';
import { median, round, say, type Figure } from './report';

export interface CoreOptions {
  /** Lines of the realistic workload (the uniform one gets a fifth, at least 100 000). */
  lines: number;
  repeat: number;
  workloads: WorkloadKind[];
}

export function loadTables(): TableSet {
  return loadTableConfig(readFileSync(TABLE_CONFIG, 'utf8'), TABLE_CONFIG).tables;
}

interface Variant {
  label: string;
  kind: PassKind;
  gzipInput: boolean;
}

const VARIANTS: Variant[] = [
  { label: 'naive floor', kind: 'naive floor', gzipInput: false },
  { label: 'strict floor', kind: 'strict floor', gzipInput: false },
  { label: 'core', kind: 'core', gzipInput: false },
  { label: 'core, gzip input', kind: 'core', gzipInput: true },
];

export async function coreBench(options: CoreOptions): Promise<{ figures: Figure[]; passes: object[] }> {
  const tables = loadTables();
  const geo = await openGeoIp(GEOIP_DIR);
  const figures: Figure[] = [];
  const passes: object[] = [];
  for (const workload of options.workloads) {
    const lines = workload === 'realistic' ? options.lines : Math.max(100000, Math.round(options.lines / 5));
    const files = {
      plain: await edgeLogFile(tables, { kind: workload, seed: 1, lines, gzip: false }),
      gzip: await edgeLogFile(tables, { kind: workload, seed: 1, lines, gzip: true }),
    };
    const pathOf = (v: Variant) => (v.gzipInput ? files.gzip.path : files.plain.path);
    for (const v of VARIANTS) await runPass(v.kind, pathOf(v), tables, geo, 20000); // warm up the JIT
    const results = new Map<string, PassResult[]>(VARIANTS.map((v) => [v.label, []]));
    for (let r = 0; r < options.repeat; r++) {
      for (const v of VARIANTS) {
        const result = await runPass(v.kind, pathOf(v), tables, geo);
        results.get(v.label)!.push(result);
        passes.push({ workload, variant: v.label, repeat: r, ...result });
        say(`  core ${workload} ${v.label.padEnd(16)} pass ${r + 1}: ${Math.round(result.eventsPerCpuSecond).toLocaleString('en-US')} events/s per CPU-second (${result.events} events, ${round(result.cpuSeconds, 2)} s CPU, ${round(result.wallSeconds, 2)} s wall)`);
      }
    }
    figures.push(...summarize(workload, results, lines));
  }
  return { figures, passes };
}

function summarize(workload: WorkloadKind, results: Map<string, PassResult[]>, lines: number): Figure[] {
  const rate = (label: string) => results.get(label)!.map((r) => r.eventsPerCpuSecond);
  const naive = rate('naive floor');
  const strict = rate('strict floor');
  const core = rate('core');
  const sample = results.get('core')![0];
  const note = `${lines.toLocaleString('en-US')} lines, median of ${core.length}`;
  const perPass = (floor: number[]) => core.map((c, i) => round(c / floor[i], 2)).join(', ');
  return [
    { benchmark: `core (${workload})`, metric: 'line → row → gzip', value: Math.round(median(core)), unit: 'events/s per core', note: `${note}, best ${Math.round(Math.max(...core)).toLocaleString('en-US')}` },
    { benchmark: `core (${workload})`, metric: 'same, gzip input', value: Math.round(median(rate('core, gzip input'))), unit: 'events/s per core', note },
    { benchmark: `core (${workload})`, metric: 'naive floor', value: Math.round(median(naive)), unit: 'events/s per core', note: 'node:readline, JSON.parse line, base64, JSON.parse payload' },
    { benchmark: `core (${workload})`, metric: 'core / naive floor', value: round(median(core.map((c, i) => c / naive[i])), 2), unit: '×', note: `median; per pass ${perPass(naive)}` },
    { benchmark: `core (${workload})`, metric: 'strict floor', value: Math.round(median(strict)), unit: 'events/s per core', note: "the same decoding, lines cut by the parser's splitter" },
    { benchmark: `core (${workload})`, metric: 'core / strict floor', value: round(median(core.map((c, i) => c / strict[i])), 2), unit: '×', note: `median; per pass ${perPass(strict)}` },
    { benchmark: `core (${workload})`, metric: 'gzip output / row bytes', value: round(sample.gzipBytes / sample.rowBytes, 3), unit: 'ratio', note: `${sample.rows.toLocaleString('en-US')} rows of ${sample.events.toLocaleString('en-US')} events` },
  ];
}
