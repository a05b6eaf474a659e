import type { Column, Table } from '@spade/transform';
import { Random } from './random';

export interface SampleOptions {
  seed: number;
  lines: number;
  /** Share of lines that are broken (bad JSON, bad base64, garbage). */
  badRatio?: number;
  /** Share of events whose name is in no table. */
  nontrackedRatio?: number;
  /** Share of lines whose payload is an array of 2–4 events. */
  arrayRatio?: number;
  /** Server time of the first line (unix seconds); later lines follow about one a second apart. */
  startTime?: number;
}

/** Addresses in MaxMind's test databases (fixtures/geoip) and a few that are in none. */
const IPS = ['81.2.69.142', '216.160.83.56', '89.160.20.112', '2.125.160.216', '1.128.0.0', '67.43.156.0', '10.0.0.1', '203.0.113.7'];
const AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1', 'TwitchApp/14.2 Android/13'];

/**
 * Realistic edge log lines (the JSON edge format, recordversion 3) for a table config: each event
 * carries most of its table's columns with values of the right type, some miss a few, some have
 * wrong types; a share of lines are broken, non-tracked or arrays. Deterministic for a seed.
 */
export function* sampleEdgeLines(tables: readonly Table[], options: SampleOptions): Generator<string> {
  const random = new Random(options.seed);
  const start = options.startTime ?? 1700000000;
  for (let n = 0; n < options.lines; n++) {
    const serverTime = start + n;
    if (random.chance(options.badRatio ?? 0.01)) {
      yield brokenLine(random, serverTime, n);
      continue;
    }
    const count = random.chance(options.arrayRatio ?? 0.03) ? random.int(2, 4) : 1;
    const events = Array.from({ length: count }, () => sampleEvent(random, tables, serverTime, options.nontrackedRatio ?? 0.02));
    const payload = JSON.stringify(count === 1 ? events[0] : events);
    yield JSON.stringify({
      clientIp: random.pick(IPS),
      xForwardedFor: random.pick(IPS),
      receivedAt: new Date(serverTime * 1000 + random.int(0, 999)).toISOString(),
      uuid: `${options.seed.toString(16)}-${n.toString(16).padStart(8, '0')}`,
      data: Buffer.from(payload).toString('base64'),
      recordversion: 3,
      userAgent: random.pick(AGENTS),
      edgeType: 'external',
    });
  }
}

function sampleEvent(random: Random, tables: readonly Table[], time: number, nontrackedRatio: number): object {
  if (random.chance(nontrackedRatio)) {
    return { event: `experimental_${random.word(6)}`, properties: { distinct_id: random.word(16), time } };
  }
  const table = random.pick(tables);
  const properties: Record<string, unknown> = { time: time - random.int(0, 5) };
  for (const column of table.columns) {
    if (column.inboundName in properties || random.chance(0.05)) continue; // some absent
    properties[column.inboundName] = sampleValue(random, column, time);
  }
  return { event: table.name, properties };
}

function sampleValue(random: Random, column: Column, time: number): unknown {
  const wrongType = random.chance(0.005);
  switch (column.transformer) {
    case 'int':
      return wrongType ? 'lots' : random.int(-1000, 100000);
    case 'bigint':
      return wrongType ? 1.5 : random.int(0, 2 ** 40);
    case 'float':
      return random.int(0, 100000) / 64;
    case 'bool':
      return random.chance(0.5);
    case 'f@timestamp@unix':
    case 'f@timestamp@unix-utc':
      return time - random.int(0, 3600) + random.int(0, 999) / 1000;
    case 'ipCity':
    case 'ipCountry':
    case 'ipRegion':
    case 'ipAsn':
    case 'ipAsnInteger':
      return random.pick(IPS);
    default: {
      if (wrongType) return 42;
      const text = random.word(random.int(4, 24));
      return random.chance(0.02) ? `${text} tab\there "quote" é✓ back\\slash` : text;
    }
  }
}

function brokenLine(random: Random, time: number, n: number): string {
  switch (random.int(0, 2)) {
    case 0:
      return `{"clientIp": "10.0.0.1", "receivedAt": "${new Date(time * 1000).toISOString()}", "data": "eyJldmVudCI6`; // truncated
    case 1:
      return JSON.stringify({ clientIp: '10.0.0.1', receivedAt: new Date(time * 1000).toISOString(), uuid: `bad-${n}`, data: 'not*base64', recordversion: 3 });
    default:
      return random.word(40);
  }
}
