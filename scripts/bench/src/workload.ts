/**
 * The benchmark workload: deterministic edge log lines for the production table config, shaped like
 * the measurement of the original in issue 5 — ten tables of 15–25 columns, payloads of about 550
 * bytes, lines of about 1 KB — with realistic property mixes: values come from skewed pools (a few
 * channels, games and browsers are most of the traffic; devices and logins repeat), most columns are
 * present, a few are missing or of the wrong type, 1% of strings need escaping. About 1% of lines are
 * broken, 2% of events are non-tracked and 3% of lines carry an array of 2–4 events.
 *
 * (@spade/samples' generator fills strings with uniformly random letters, which no real log has and
 * which gzip compresses unusually badly and slowly; the benchmark reports it too, as `uniform`.)
 */
import { createHash } from 'node:crypto';
import { Random } from '@spade/samples';
import type { Column, Table, TableSet } from '@spade/transform';

export interface WorkloadOptions {
  seed: number;
  /** Share of broken lines (bad JSON, bad base64, garbage). */
  badRatio?: number;
  nontrackedRatio?: number;
  arrayRatio?: number;
}

/** The ten tables of 15–25 columns the workload sends, most traffic first. */
export const WORKLOAD_TABLES = [
  'chat_room_join', 'message-sent', 'follow-game', 'subscription_payment', 'fab-overlay',
  'chat-suggestions', 'minute_broadcast', 'friend-notification', 'email_click', 'follow',
];
const TABLE_WEIGHTS = [26, 18, 13, 10, 8, 7, 6, 5, 4, 3];

const GAMES = ['League of Legends', 'Counter-Strike: Global Offensive', 'Dota 2', 'Hearthstone: Heroes of Warcraft', 'Minecraft', 'World of Warcraft', 'Diablo III', 'StarCraft II', 'Grand Theft Auto V', 'Destiny', 'Rocket League', 'Overwatch', 'Poker', 'Creative', 'Music', 'Pokémon Red/Blue', 'Super Mario 64', 'Dark Souls III', 'The Elder Scrolls V: Skyrim', 'Fallout 4'];
const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/50.0.2661.102 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_4) AppleWebKit/601.5.17 (KHTML, like Gecko) Version/9.1 Safari/601.5.17',
  'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:46.0) Gecko/20100101 Firefox/46.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 9_3_2 like Mac OS X) AppleWebKit/601.1.46 (KHTML, like Gecko) Mobile/13F69',
  'Mozilla/5.0 (Linux; Android 6.0.1; SM-G920F Build/MMB29K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/50.0.2661.89 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:47.0) Gecko/20100101 Firefox/47.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.63 Safari/537.36',
];
const EDGE_AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/50.0.2661.102 Safari/537.36', 'TwitchApp/4.3.2 (iPhone; iOS 9.3.2)', 'Dalvik/2.1.0 (Linux; U; Android 6.0.1)'];
const LANGUAGES = ['en', 'en-US', 'de', 'fr', 'es', 'pt-BR', 'ru', 'ja', 'ko', 'zh-CN', 'pl', 'sv'];
const PLATFORMS = ['web', 'ios', 'android', 'xbox', 'ps4', 'desktop'];
const WORDS = ['directory', 'following', 'channel', 'front_page', 'search', 'sidebar', 'player', 'chat', 'dashboard', 'settings', 'clips', 'videos', 'hosted', 'popout', 'embed', 'mobile', 'theater', 'fullscreen', 'recommended', 'featured', 'live', 'offline', 'rerun', 'premiere', 'whisper', 'subscribe', 'follow', 'host', 'raid', 'cheer'];
const DOMAINS = ['www.twitch.tv', 'twitch.tv', 'm.twitch.tv', 'player.twitch.tv', 'clips.twitch.tv'];
const REFERRER_HOSTS = ['www.google.com', 'www.reddit.com', 't.co', 'www.facebook.com', 'www.youtube.com', 'www.twitch.tv', 'duckduckgo.com'];

/** Seed of the value pools: one population of devices, logins and addresses sends the events of every seed. */
const POPULATION_SEED = 0x5eed;

/** Index into a pool of `size`, skewed towards the front (a few values are most of the traffic). */
function skewed(random: Random, size: number): number {
  const r = random.next();
  return Math.floor(size * r * r * r);
}

function hex(random: Random, digits: number): string {
  let s = '';
  for (let i = 0; i < digits; i += 8) s += Math.floor(random.next() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, digits);
}

interface Pools {
  devices: string[];
  logins: string[];
  channels: string[];
  ips: string[];
  tokens: string[];
}

/** Client addresses: a share inside networks of the GeoIP test databases (fixtures/geoip), so lookups find records. */
const GEO_NETWORKS = ['81.2.69.', '216.160.83.', '89.160.20.', '2.125.160.', '67.43.156.', '1.128.', '12.81.', '38.105.', '71.138.', '75.77.'];

function makePools(random: Random): Pools {
  const logins = Array.from({ length: 20000 }, (_, i) => `${WORDS[i % WORDS.length]}_${hex(random, 5)}${i % 7 === 0 ? '_tv' : ''}`);
  const ips = Array.from({ length: 30000 }, (_, i) => {
    if (i % 2 === 0) {
      const network = GEO_NETWORKS[i % GEO_NETWORKS.length];
      const missing = 4 - network.split('.').length + 1;
      return network + Array.from({ length: missing }, () => random.int(1, 254)).join('.');
    }
    return `${random.int(11, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
  });
  return {
    devices: Array.from({ length: 50000 }, () => hex(random, 32)),
    logins,
    channels: logins.slice(0, 3000),
    ips,
    tokens: Array.from({ length: 5000 }, () => hex(random, 32)),
  };
}

type ValueMaker = (random: Random, time: number, pools: Pools) => unknown;

/** How a property is made, from its name first and its transformer second. */
function valueMakerOf(column: Column): ValueMaker {
  const name = column.inboundName;
  const byName: Record<string, ValueMaker> = {
    device_id: (r, _t, p) => p.devices[skewed(r, p.devices.length)],
    distinct_id: (r, _t, p) => p.devices[skewed(r, p.devices.length)],
    token: (r, _t, p) => p.tokens[skewed(r, p.tokens.length)],
    login: (r, _t, p) => p.logins[skewed(r, p.logins.length)],
    channel: (r, _t, p) => p.channels[skewed(r, p.channels.length)],
    target_channel: (r, _t, p) => p.channels[skewed(r, p.channels.length)],
    host_channel: (r, _t, p) => p.channels[skewed(r, p.channels.length)],
    game: (r) => GAMES[skewed(r, GAMES.length)],
    meta_game: (r) => GAMES[skewed(r, GAMES.length)],
    browser: (r) => BROWSERS[skewed(r, BROWSERS.length)],
    domain: (r) => DOMAINS[skewed(r, DOMAINS.length)],
    host: (r) => DOMAINS[skewed(r, DOMAINS.length)],
    referrer_host: (r) => REFERRER_HOSTS[skewed(r, REFERRER_HOSTS.length)],
    referrer_domain: (r) => REFERRER_HOSTS[skewed(r, REFERRER_HOSTS.length)].replace(/^www\./, ''),
    url: (r, _t, p) => `https://www.twitch.tv/${p.channels[skewed(r, p.channels.length)]}${r.chance(0.3) ? '/videos' : ''}`,
    referrer_url: (r) => `https://${REFERRER_HOSTS[skewed(r, REFERRER_HOSTS.length)]}/${WORDS[skewed(r, WORDS.length)]}?q=${WORDS[r.int(0, WORDS.length - 1)]}`,
    platform: (r) => PLATFORMS[skewed(r, PLATFORMS.length)],
    preferred_language: (r) => LANGUAGES[skewed(r, LANGUAGES.length)],
    received_language: (r) => LANGUAGES[skewed(r, LANGUAGES.length)],
    language: (r) => LANGUAGES[skewed(r, LANGUAGES.length)],
    client_time: (r, t) => t - r.int(0, 30) + r.int(0, 999) / 1000,
  };
  const made = byName[name];
  if (made) return made;
  switch (column.transformer) {
    case 'int': return (r) => r.int(0, 20000);
    case 'bigint': return (r) => (r.chance(0.5) ? r.int(0, 99) : r.int(1, 2 ** 31) * 1000 + r.int(0, 999));
    case 'float': return (r) => Math.round(r.next() * 5000000) / 1000;
    case 'bool': return (r) => r.chance(0.4);
    case 'f@timestamp@unix':
    case 'f@timestamp@unix-utc': return (r, t) => t - r.int(0, 5) + r.int(0, 999) / 1000;
    case 'ipCity': case 'ipCountry': case 'ipRegion': case 'ipAsn': case 'ipAsnInteger':
      return (r, _t, p) => p.ips[skewed(r, p.ips.length)];
    default: {
      const width = Math.min(column.maxBytes ?? 32, 32);
      return (r) => {
        const word = WORDS[skewed(r, WORDS.length)];
        return word.length <= width ? word : word.slice(0, width);
      };
    }
  }
}

/** A value as a client might get it wrong, or with characters that need escaping. */
function oddValue(random: Random, value: unknown): unknown {
  if (random.chance(0.5)) return typeof value === 'string' ? 42 : 'n/a'; // wrong type
  return `${String(value).slice(0, 12)} "quoted"\ttab é✓`;
}

interface WorkloadTable {
  table: Table;
  properties: { name: string; make: ValueMaker }[];
}

function workloadTable(table: Table): WorkloadTable {
  const seen = new Set<string>();
  const properties: WorkloadTable['properties'] = [];
  for (const column of table.columns) {
    // time and ip are injected by the processor; clients send their own time, seldom an ip.
    if (column.inboundName === 'ip' || seen.has(column.inboundName)) continue;
    seen.add(column.inboundName);
    properties.push({ name: column.inboundName, make: valueMakerOf(column) });
  }
  return { table, properties };
}

/** The ten tables, checked against the table config (a missing one is a mistake in this file). */
export function workloadTables(tables: TableSet): Table[] {
  return WORKLOAD_TABLES.map((name) => {
    const table = tables.get(name);
    if (!table) throw new Error(`benchmark table ${name} is not in the table config`);
    return table;
  });
}

/** UUIDs shaped like the edge's, derived from the seed and line number. */
function edgeUuid(seed: number, n: number): string {
  const h = createHash('md5').update(`${seed}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** An infinite, deterministic stream of edge log lines (without newlines). */
export function* workloadLines(tables: TableSet, options: WorkloadOptions): Generator<string> {
  const random = new Random(options.seed);
  const pools = makePools(new Random(POPULATION_SEED)); // the same users, channels and addresses in every file
  const sent = workloadTables(tables).map(workloadTable);
  const weightTotal = TABLE_WEIGHTS.reduce((a, b) => a + b, 0);
  const pickTable = (): WorkloadTable => {
    let w = random.next() * weightTotal;
    for (let i = 0; i < sent.length; i++) if ((w -= TABLE_WEIGHTS[i]) < 0) return sent[i];
    return sent[0];
  };
  const event = (time: number): object => {
    if (random.chance(options.nontrackedRatio ?? 0.02)) {
      return { event: `experiment_${WORDS[skewed(random, WORDS.length)]}`, properties: { device_id: pools.devices[skewed(random, pools.devices.length)], time } };
    }
    const { table, properties } = pickTable();
    const values: Record<string, unknown> = {};
    for (const { name, make } of properties) {
      if (random.chance(0.04)) continue; // not sent
      const value = make(random, time, pools);
      values[name] = random.chance(0.01) ? oddValue(random, value) : value;
    }
    if (random.chance(0.1)) values.ip = pools.ips[skewed(random, pools.ips.length)];
    return { event: table.name, properties: values };
  };
  const start = 1465000000; // June 2016
  for (let n = 0; ; n++) {
    const time = start + Math.floor(n / 50);
    if (random.chance(options.badRatio ?? 0.01)) {
      yield brokenLine(random, time, n);
      continue;
    }
    const count = random.chance(options.arrayRatio ?? 0.03) ? random.int(2, 4) : 1;
    const payload = count === 1 ? event(time) : Array.from({ length: count }, () => event(time));
    const clientIp = pools.ips[skewed(random, pools.ips.length)];
    yield JSON.stringify({
      receivedAt: new Date(time * 1000 + random.int(0, 999)).toISOString(),
      clientIp,
      xForwardedFor: clientIp,
      uuid: edgeUuid(options.seed, n),
      data: Buffer.from(JSON.stringify(payload)).toString('base64'),
      userAgent: EDGE_AGENTS[skewed(random, EDGE_AGENTS.length)],
      recordversion: 3,
      edgeType: 'external',
    });
  }
}

function brokenLine(random: Random, time: number, n: number): string {
  const receivedAt = new Date(time * 1000).toISOString();
  switch (random.int(0, 3)) {
    case 0: // cut off mid-line
      return `{"receivedAt":"${receivedAt}","clientIp":"10.0.0.1","uuid":"cut-${n}","data":"eyJldmVudCI6ImxvZ2luIiwicHJvcGVydGllcyI6e`;
    case 1:
      return JSON.stringify({ receivedAt, clientIp: '10.0.0.1', uuid: `bad-${n}`, data: 'bm90IGJhc2U2N*', recordversion: 3 });
    case 2:
      return JSON.stringify({ receivedAt, clientIp: '10.0.0.1', uuid: `json-${n}`, data: Buffer.from('{"event":"login","properties":{').toString('base64'), recordversion: 3 });
    default:
      return `GET /track?garbage=${hex(random, 24)} HTTP/1.1`;
  }
}
