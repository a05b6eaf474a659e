/**
 * `e2e`: S3 → warehouse through the separate processes on this machine — real Redis, PostgreSQL and an
 * S3-compatible server — timed from the first file's entry in the file ledger (just before its parse
 * jobs are enqueued) until the benchmark sees every part of every file in the load ledger.
 */
import { loadTables } from './coreBench';
import { edgeLogFile } from './edgeLogFile';
import { BenchRig } from './benchRig';
import { round, say, type Figure } from './report';

export interface E2eOptions {
  /** Lines in all (split over `files` files, half of them gzip). */
  lines: number;
  files: number;
  parsers: number;
  writers: number;
  /** SPADE_* settings to use instead of the defaults. */
  settings: Record<string, string>;
}

/** Writers flush a table at 64 MiB or after this long: short enough not to dominate a short run. */
const BATCH_MAX_AGE_MS = '2000';

export async function e2eBench(options: E2eOptions): Promise<{ figures: Figure[]; details: object }> {
  const tables = loadTables();
  const perFile = Math.ceil(options.lines / options.files);
  const inputs = [];
  for (let i = 0; i < options.files; i++) inputs.push(await edgeLogFile(tables, { kind: 'realistic', seed: 100 + i, lines: perFile, gzip: i % 2 === 1 }));
  const settings = { SPADE_SCAN_INTERVAL_MS: '500', SPADE_BATCH_MAX_AGE_MS: BATCH_MAX_AGE_MS, ...options.settings };
  const rig = new BenchRig(settings);
  try {
    await rig.start();
    for (const [i, input] of inputs.entries()) await rig.putInput(`bench/${i}.log${input.path.endsWith('.gz') ? '.gz' : ''}`, input.path);
    const workers = [
      ...Array.from({ length: options.writers }, (_, i) => [`writer${i}`, 'writer']),
      ...Array.from({ length: options.parsers }, (_, i) => [`parser${i}`, 'parser']),
    ];
    await Promise.all(workers.map(([name, command]) => rig.run(name, command)));
    const measured = [...workers.map(([name]) => name), 's3server'];
    const idleCpu = Object.fromEntries(measured.map((name) => [name, rig.cpuSecondsOf(name)]));
    await rig.run('scheduler', 'scheduler');
    say(`  e2e: ${options.parsers} parsers, ${options.writers} writers running; ${options.files} files, ${options.lines.toLocaleString('en-US')} lines`);
    const doneAt = await rig.waitFor(options.files, 30 * 60 * 1000);
    const [ledger] = await rig.query<{ first: Date; last: Date; events: string; lines: string; rejects: string; nontracked: string }>(`
      SELECT (SELECT min(discovered_at) FROM spade_files) AS first, (SELECT max(loaded_at) FROM spade_loads) AS last,
             sum(events) AS events, sum(lines) AS lines, sum(rejects) AS rejects, sum(nontracked) AS nontracked FROM spade_chunks`);
    const [loads] = await rig.query<{ rows: string; parts: string; batches: string }>('SELECT sum(rows) AS rows, count(*) AS parts, count(DISTINCT batch_key) AS batches FROM spade_loads');
    // CPU used while the files went through (start-up excluded).
    const cpu = Object.fromEntries(measured.map((name) => [name, round(rig.cpuSecondsOf(name) - idleCpu[name], 1)]));
    const seconds = (doneAt - ledger.first.getTime()) / 1000;
    const events = Number(ledger.events);
    const rows = Number(loads.rows);
    const parserCpu = workers.filter(([, c]) => c === 'parser').reduce((sum, [name]) => sum + cpu[name], 0);
    const who = `${options.parsers} parsers, ${options.writers} writers`;
    say(`  e2e: ${events} events (${rows} rows) in ${round(seconds, 1)} s; CPU seconds ${JSON.stringify(cpu)}`);
    return {
      figures: [
        { benchmark: 'e2e', metric: 'S3 → warehouse', value: Math.round(events / seconds), unit: 'events/s', note: `${who}, ${events.toLocaleString('en-US')} events in ${round(seconds, 1)} s` },
        { benchmark: 'e2e', metric: 'rows loaded', value: Math.round(rows / seconds), unit: 'rows/s', note: `${rows.toLocaleString('en-US')} rows, ${loads.batches} batches, ${loads.parts} parts` },
        { benchmark: 'e2e', metric: 'parser CPU', value: Math.round(events / parserCpu), unit: 'events/s per core', note: `${round(parserCpu, 1)} s CPU in ${options.parsers} parser processes` },
      ],
      details: { seconds, events, rows, ledger, loads, cpuSeconds: cpu, settings, inputs },
    };
  } finally {
    await rig.stop();
  }
}
