/**
 * `memory`: the peak resident memory (VmHWM) of a parser process that parses one input file of
 * 10 MB and one of 1 GB (each through the whole pipeline, one parser and one writer), and the
 * Redis memory that queued parts take per megabyte of rows (a parser alone, no writer, so the
 * parts stay queued; every key under the run's prefix — jobs, queues and part data — measured
 * with MEMORY USAGE).
 */
import { gunzipSync } from 'node:zlib';
import { partDataKey } from '@spade/queues';
import { loadTables } from './coreBench';
import { edgeLogFile, type EdgeLogFile } from './edgeLogFile';
import { BenchRig } from './benchRig';
import { round, say, type Figure } from './report';

export interface MemoryOptions {
  /** Input sizes in bytes for the parser RSS runs. */
  sizes: number[];
  /** Size of the file whose parts are left queued, for the Redis figure. */
  queuedBytes: number;
  settings: Record<string, string>;
}

const MiB = 1024 * 1024;

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * MiB ? `${round(bytes / (1024 * MiB), 1)} GiB` : `${round(bytes / MiB, 1)} MiB`;
}

async function parserPeak(input: EdgeLogFile, bytes: number, settings: Record<string, string>): Promise<{ figure: Figure; detail: object }> {
  const rig = new BenchRig({ SPADE_SCAN_INTERVAL_MS: '500', SPADE_BATCH_MAX_AGE_MS: '2000', ...settings });
  try {
    await rig.start();
    await rig.putInput('memory/input.log', input.path);
    await rig.run('writer', 'writer');
    await rig.run('parser', 'parser');
    const baseline = rig.memoryOf('parser');
    const started = Date.now();
    await rig.run('scheduler', 'scheduler');
    await rig.waitFor(1, 60 * 60 * 1000);
    const parser = rig.memoryOf('parser');
    const writer = rig.memoryOf('writer');
    const seconds = (Date.now() - started) / 1000;
    say(`  memory: ${sizeLabel(bytes)} input: parser peak ${round(parser.peakKiB / 1024)} MiB (idle ${round(baseline.currentKiB / 1024)} MiB), writer peak ${round(writer.peakKiB / 1024)} MiB, ${round(seconds, 1)} s`);
    return {
      figure: { benchmark: 'memory', metric: `parser peak RSS, ${sizeLabel(bytes)} file`, value: round(parser.peakKiB / 1024, 1), unit: 'MiB', note: `idle ${round(baseline.currentKiB / 1024)} MiB; writer peak ${round(writer.peakKiB / 1024)} MiB` },
      detail: { bytes, input, parser, parserIdle: baseline, writer, seconds },
    };
  } finally {
    await rig.stop();
  }
}

interface QueueMemory {
  keys: number;
  redisBytes: number;
  parts: number;
  rowBytes: number;
  gzipBytes: number;
}

/** Sums MEMORY USAGE over every key of the prefix, and the rows inside the queued load jobs. */
async function measureQueues(rig: BenchRig): Promise<QueueMemory> {
  const redis = rig.redisClient();
  const totals: QueueMemory = { keys: 0, redisBytes: 0, parts: 0, rowBytes: 0, gzipBytes: 0 };
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${rig.redis.prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        totals.keys++;
        totals.redisBytes += Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
        if (!key.startsWith(partDataKey(rig.redis.prefix, ''))) continue;
        const gzip = await redis.getBuffer(key);
        if (gzip === null) continue;
        totals.parts++;
        totals.gzipBytes += gzip.length;
        totals.rowBytes += gunzipSync(gzip).length;
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return totals;
}

async function queuedPartsMemory(input: EdgeLogFile, settings: Record<string, string>): Promise<{ figures: Figure[]; detail: object }> {
  const rig = new BenchRig({ SPADE_SCAN_INTERVAL_MS: '500', ...settings });
  try {
    await rig.start();
    await rig.putInput('queued/input.log', input.path);
    await rig.run('parser', 'parser');
    await rig.run('scheduler', 'scheduler');
    await rig.waitFor(1, 30 * 60 * 1000, true);
    const queues = await measureQueues(rig);
    const perRowMiB = queues.redisBytes / (queues.rowBytes / MiB);
    say(`  memory: ${queues.parts} queued parts, ${round(queues.rowBytes / MiB, 1)} MiB of rows, Redis ${round(queues.redisBytes / MiB, 2)} MiB in ${queues.keys} keys`);
    return {
      figures: [
        { benchmark: 'memory', metric: 'Redis per queued MiB of rows', value: round(perRowMiB / 1024, 1), unit: 'KiB', note: `${queues.parts} parts, ${round(queues.rowBytes / MiB, 1)} MiB of rows, gzip ${round(queues.gzipBytes / queues.rowBytes, 3)} of it` },
      ],
      detail: { input, ...queues },
    };
  } finally {
    await rig.stop();
  }
}

export async function memoryBench(options: MemoryOptions): Promise<{ figures: Figure[]; details: object[] }> {
  const tables = loadTables();
  const figures: Figure[] = [];
  const details: object[] = [];
  for (const bytes of options.sizes) {
    const input = await edgeLogFile(tables, { kind: 'realistic', seed: 7, bytes, gzip: false });
    const { figure, detail } = await parserPeak(input, bytes, options.settings);
    figures.push(figure);
    details.push(detail);
  }
  const queued = await edgeLogFile(tables, { kind: 'realistic', seed: 8, bytes: options.queuedBytes, gzip: false });
  const redis = await queuedPartsMemory(queued, options.settings);
  figures.push(...redis.figures);
  details.push(redis.detail);
  return { figures, details };
}
