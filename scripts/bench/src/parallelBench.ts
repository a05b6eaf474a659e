/**
 * `parallel`: the core pass in one worker thread per core at once (each over the whole workload
 * file), timed from the moment all are warmed up until the last finishes: events/s for the machine
 * and events/s per CPU-second (all threads of the process).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { edgeLogFile } from './edgeLogFile';
import { loadTables } from './coreBench';
import type { PassResult } from './corePass';
import { round, say, type Figure } from './report';

export interface ParallelOptions {
  lines: number;
  threads?: number;
}

export async function parallelBench(options: ParallelOptions): Promise<{ figures: Figure[]; threads: PassResult[] }> {
  const threads = options.threads ?? availableParallelism();
  const file = await edgeLogFile(loadTables(), { kind: 'realistic', seed: 1, lines: options.lines, gzip: false });
  const workers = Array.from({ length: threads }, () => new Worker(join(__dirname, 'parallelWorker.js'), { workerData: { path: file.path } }));
  const message = (worker: Worker) =>
    new Promise<{ ready?: boolean; result?: PassResult }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await Promise.all(workers.map(message));
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  const finished = workers.map(message);
  for (const worker of workers) worker.postMessage('go');
  const results = (await Promise.all(finished)).map((m) => m.result!);
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  await Promise.all(workers.map((w) => w.terminate()));
  const events = results.reduce((sum, r) => sum + r.events, 0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  say(`  parallel: ${threads} threads, ${events} events in ${round(wallSeconds, 2)} s wall, ${round(cpuSeconds, 2)} s CPU`);
  return {
    figures: [
      { benchmark: 'parallel', metric: `line → row → gzip, ${threads} threads`, value: Math.round(events / wallSeconds), unit: 'events/s', note: `${threads} × ${options.lines.toLocaleString('en-US')} lines, wall clock` },
      { benchmark: 'parallel', metric: 'per CPU-second', value: Math.round(events / cpuSeconds), unit: 'events/s per core', note: `${round(cpuSeconds, 1)} s CPU in ${round(wallSeconds, 1)} s` },
    ],
    threads: results,
  };
}
