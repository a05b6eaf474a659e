/**
 * `spade parse` as a user runs it: the built CLI in its own process, edge lines on stdin, one
 * JSON record per event on stdout. Expected rows are the original's (SPADE-REFERENCE §2.7, §5.2),
 * written out here byte for byte. Each group starts its processes together in beforeAll (a CLI
 * start costs about a second) and its tests then read their lines' records.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@spade/testkit';
import { assertCliBuilt, recordsOf, ROOT, runSpade, seededBytes, SpadeServer, type SpadeRun } from './support/spadeProcess';

const LATEST = join(ROOT, 'fixtures', 'spade', 'latest', 'processor', 'test_resources');
const FORMAT_A = join(ROOT, 'fixtures', 'spade', 'early-2015', 'log_manager', 'test_resources');
const GEOIP_DIR = join(ROOT, 'fixtures', 'geoip');

/** The §2.7 test table: float sampling_factor, varchar distinct_id, unix time, unix client_time. */
const LOGIN_TABLE = [
  {
    EventName: 'login',
    Columns: [
      { InboundName: 'sampling_factor', OutboundName: 'sampling_factor', Transformer: 'float', ColumnCreationOptions: '' },
      { InboundName: 'distinct_id', OutboundName: 'distinct_id', Transformer: 'varchar', ColumnCreationOptions: '(64)' },
      { InboundName: 'time', OutboundName: 'time', Transformer: 'f@timestamp@unix', ColumnCreationOptions: '' },
      { InboundName: 'client_time', OutboundName: 'client_time', Transformer: 'f@timestamp@unix', ColumnCreationOptions: '' },
    ],
  },
];

/** Every GeoIP transformer on the injected edge IP. */
const VISIT_TABLE = [
  {
    EventName: 'visit',
    Columns: [
      { InboundName: 'ip', OutboundName: 'ip', Transformer: 'varchar', ColumnCreationOptions: '(39)' },
      { InboundName: 'ip', OutboundName: 'city', Transformer: 'ipCity', ColumnCreationOptions: '' },
      { InboundName: 'ip', OutboundName: 'country', Transformer: 'ipCountry', ColumnCreationOptions: '' },
      { InboundName: 'ip', OutboundName: 'region', Transformer: 'ipRegion', ColumnCreationOptions: '' },
      { InboundName: 'ip', OutboundName: 'asn', Transformer: 'ipAsn', ColumnCreationOptions: '' },
      { InboundName: 'ip', OutboundName: 'asn_id', Transformer: 'ipAsnInteger', ColumnCreationOptions: '' },
    ],
  },
];

/** §2.7 (L): sample_logline.txt through the test table. */
const SAMPLE_ROW = '"0.1500000059604645"\t"FFFF8047-0398-40FF-FF89-5B3FFFFFF0E7"\t"2013-10-17 11:05:55"\t"2013-09-30 17:00:02"';
/** The Format-A login event: server time 1418172623 in Pacific time, no client time. */
const FORMAT_A_ROW = '"0.5"\t"ffffffffffffffffff"\t"2014-12-09 16:50:23"\t""';
const CLIENT_TIME_MISSING = expect.stringContaining('client_time');
const SOME_REASON = expect.stringMatching(/\S/);

type ParseRecord = Record<string, unknown>;

let workDir: string;
let loginConfig: string;
let visitConfig: string;

/** A fixture file's bytes, exactly as stored. */
const fixture = (dir: string, name: string) => readFileSync(join(dir, name));
/** A fixture file holding one line, without its line end. */
const fixtureLine = (dir: string, name: string) => Buffer.from(fixture(dir, name).toString('latin1').replace(/\r?\n$/, ''), 'latin1');
/** Lines joined, each ending in LF. */
const lines = (...parts: (Buffer | string)[]) => Buffer.concat(parts.flatMap((part) => [Buffer.from(part), Buffer.from('\n')]));
/** A Format-B edge line (recordversion 3) carrying `payload` as standard base64. */
const edgeLine = (clientIp: string, uuid: string, payload: string | Buffer) =>
  JSON.stringify({ clientIp, receivedAt: '2013-10-17T18:05:55.338Z', uuid, data: Buffer.from(payload).toString('base64'), recordversion: 3 });

const parseRun = (args: string[], stdin: Buffer | string) => runSpade(['parse', ...args], stdin);
const recordsOfLine = (run: SpadeRun, line: number) => recordsOf(run.stdout).filter((record) => record.line === line);

beforeAll(() => {
  assertCliBuilt();
  workDir = mkdtempSync(join(tmpdir(), 'spade-parse-test-'));
  loginConfig = join(workDir, 'login.json');
  visitConfig = join(workDir, 'visit.json');
  writeFileSync(loginConfig, JSON.stringify(LOGIN_TABLE));
  writeFileSync(visitConfig, JSON.stringify(VISIT_TABLE));
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('conformance with the original (§2.7)', () => {
  const invalidUtf8Payload = Buffer.concat([
    Buffer.from('{"event":"login","properties":{"sampling_factor":1,"distinct_id":"a'),
    Buffer.from([0xff, 0x62, 0xe2, 0x82]), // a stray byte, `b`, a cut-off 3-byte sequence
    Buffer.from('"}}'),
  ]);
  /** Line numbers of the input below. */
  const LINE = { sample: 1, multi: 2, error: 3, single: 4, multiA: 5, broken: 6, emptyProperties: 7, invalidUtf8: 8 };
  const input = () =>
    lines(
      fixtureLine(LATEST, 'sample_logline.txt'),
      fixtureLine(LATEST, 'sample_multi_logline.txt'),
      fixtureLine(LATEST, 'sample_error_logline.txt'),
      fixtureLine(FORMAT_A, 'single_line.txt'),
      fixtureLine(FORMAT_A, 'multi_line.txt'),
      fixtureLine(FORMAT_A, 'broken_line.txt'),
      edgeLine('10.1.40.26', 'uuid1', '{"event":"login","properties":{}}'),
      edgeLine('10.1.40.26', 'u8', invalidUtf8Payload),
    );
  let spade: SpadeRun;
  let load: SpadeRun;
  let json: SpadeRun;

  beforeAll(async () => {
    const args = ['--config', loginConfig, '--geoip-dir', GEOIP_DIR];
    [spade, load, json] = await Promise.all([
      parseRun(args, input()),
      parseRun([...args, '--format', 'load'], input()),
      parseRun([...args, '--format', 'json'], input()),
    ]);
  });

  const login = (line: number, uuid: string) => ({ line, uuid, event: 'login', table: 'login', version: 0, status: 'ok', row: SAMPLE_ROW });
  const formatA = (line: number, uuid: string) => ({
    line, uuid, event: 'login', table: 'login', version: 0, status: 'skipped_column', row: FORMAT_A_ROW, reason: CLIENT_TIME_MISSING,
  });
  const malformed = (line: number, uuid: string) => ({ line, uuid, event: 'Unknown', table: null, version: 0, status: 'malformed', reason: SOME_REASON });

  it('every format exits 0 with nothing on stderr', () => {
    expect([spade, load, json].map((run) => ({ code: run.code, stderr: run.stderr }))).toEqual(Array(3).fill({ code: 0, stderr: '' }));
  });

  it.each([
    ['latest sample_logline.txt', LINE.sample, [login(LINE.sample, 'uuid1')]],
    ['latest sample_multi_logline.txt', LINE.multi, ['uuid1-0', 'uuid1-1', 'uuid1-2', 'uuid1-3'].map((uuid) => login(LINE.multi, uuid))],
    ['latest sample_error_logline.txt', LINE.error, [malformed(LINE.error, 'uuid1')]],
    ['Format A single_line.txt', LINE.single, [formatA(LINE.single, 'fffff-fffff-fffff-1')]],
    ['Format A multi_line.txt', LINE.multiA, ['fffff-fffff-fffff-3-0', 'fffff-fffff-fffff-3-1', 'fffff-fffff-fffff-3-2'].map((uuid) => formatA(LINE.multiA, uuid))],
    // Its data ends at the embedded space; the 100-character rest is read as the UUID, and a UUID
    // over 64 characters becomes `error` (§2.6).
    ['Format A broken_line.txt', LINE.broken, [malformed(LINE.broken, 'error')]],
  ])('%s', (_name, line, expected) => {
    expect(recordsOfLine(spade, line)).toEqual(expected);
  });

  it('the three Format-A files yield 4 skipped-column events and 1 malformed, as the original counted', () => {
    const statuses = [LINE.single, LINE.multiA, LINE.broken].flatMap((line) => recordsOfLine(spade, line).map((r) => r.status));
    expect(statuses.sort()).toEqual(['malformed', 'skipped_column', 'skipped_column', 'skipped_column', 'skipped_column']);
  });

  it('an event with empty properties gives empty quoted fields beside the server time (L)', () => {
    expect(recordsOfLine(spade, LINE.emptyProperties)).toEqual([
      { line: LINE.emptyProperties, uuid: 'uuid1', event: 'login', table: 'login', version: 0, status: 'skipped_column', row: '""\t""\t"2013-10-17 11:05:55"\t""', reason: SOME_REASON },
    ]);
  });

  it('invalid UTF-8 inside a payload value becomes one U+FFFD per bad byte, as Go decodes JSON', () => {
    expect(recordsOfLine(spade, LINE.invalidUtf8)).toEqual([
      { line: LINE.invalidUtf8, uuid: 'u8', event: 'login', table: 'login', version: 0, status: 'skipped_column', row: '"1"\t"a\uFFFDb\uFFFD\uFFFD"\t"2013-10-17 11:05:55"\t""', reason: CLIENT_TIME_MISSING },
    ]);
  });

  it.each([
    ['load', () => load, '0.1500000059604645\tFFFF8047-0398-40FF-FF89-5B3FFFFFF0E7\t2013-10-17 11:05:55\t2013-09-30 17:00:02'],
    ['json', () => json, { sampling_factor: '0.1500000059604645', distinct_id: 'FFFF8047-0398-40FF-FF89-5B3FFFFFF0E7', time: '2013-10-17 11:05:55', client_time: '2013-09-30 17:00:02' }],
  ])('--format %s writes the sample row in that shape', (_format, run, row) => {
    expect(recordsOfLine(run(), LINE.sample)).toEqual([{ ...login(LINE.sample, 'uuid1'), row }]);
  });

  it.each([
    ['load', () => load, '0.5\tffffffffffffffffff\t2014-12-09 16:50:23\t'],
    ['json', () => json, { sampling_factor: '0.5', distinct_id: 'ffffffffffffffffff', time: '2014-12-09 16:50:23', client_time: null }],
  ])('--format %s writes a missing column as NULL', (_format, run, row) => {
    expect(recordsOfLine(run(), LINE.single)).toEqual([{ ...formatA(LINE.single, 'fffff-fffff-fffff-1'), row }]);
  });

  it('every format gives the same records apart from the row', () => {
    const withoutRow = (run: SpadeRun) => recordsOf(run.stdout).map(({ row: _row, ...rest }) => rest);
    expect(withoutRow(load)).toEqual(withoutRow(spade));
    expect(withoutRow(json)).toEqual(withoutRow(spade));
  });
});

describe('GeoIP', () => {
  const input = () =>
    lines(
      edgeLine('89.160.20.112', 'se', '{"event":"visit","properties":{}}'),
      edgeLine('81.2.69.142', 'gb', '{"event":"visit","properties":{}}'),
      edgeLine('1.0.0.1', 'as', '{"event":"visit","properties":{}}'),
      edgeLine('2001:480:10::1', 'v6', '{"event":"visit","properties":{}}'),
    );
  const record = (line: number, uuid: string, status: string, row: unknown, reason?: unknown) => ({
    line, uuid, event: 'visit', table: 'visit', version: 0, status, row, ...(reason ? { reason } : {}),
  });
  let missingDir: string;
  let json: SpadeRun;
  let spade: SpadeRun;
  let withoutDatabases: SpadeRun;

  beforeAll(async () => {
    missingDir = join(workDir, 'no-geoip-here');
    [json, spade, withoutDatabases] = await Promise.all([
      parseRun(['--config', visitConfig, '--geoip-dir', GEOIP_DIR, '--format', 'json'], input()),
      parseRun(['--config', visitConfig, '--geoip-dir', GEOIP_DIR], input()),
      parseRun(['--config', visitConfig, '--geoip-dir', missingDir, '--format', 'json'], input()),
    ]);
  });

  it('looks the edge IP up in the City and ASN test databases', () => {
    expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 0, stderr: '' });
    expect(recordsOf(json.stdout)).toEqual([
      record(1, 'se', 'ok', { ip: '89.160.20.112', city: 'Linköping', country: 'SE', region: 'E', asn: 'AS29518 Bredband2 AB', asn_id: '29518' }),
      record(2, 'gb', 'skipped_column', { ip: '81.2.69.142', city: 'London', country: 'GB', region: 'ENG', asn: '', asn_id: null }, expect.stringContaining('asn_id')),
      record(3, 'as', 'ok', { ip: '1.0.0.1', city: '', country: '', region: '', asn: 'AS15169 Google Inc.', asn_id: '15169' }),
      record(4, 'v6', 'skipped_column', { ip: '2001:480:10::1', city: 'San Diego', country: 'US', region: 'CA', asn: '', asn_id: null }, expect.stringContaining('asn_id')),
    ]);
  });

  it('writes printable non-ASCII unescaped in the spade format', () => {
    expect(recordsOfLine(spade, 1).map((r) => r.row)).toEqual(['"89.160.20.112"\t"Linköping"\t"SE"\t"E"\t"AS29518 Bredband2 AB"\t"29518"']);
  });

  it('without the databases gives empty values and one warning on stderr naming the folder', () => {
    expect(withoutDatabases.code).toBe(0);
    const warnings = withoutDatabases.stderr.split('\n').filter((line) => line.length > 0);
    expect(warnings).toEqual([expect.stringContaining(missingDir)]);
    expect(warnings[0]).toMatch(/^spade: warning: /);
    expect(recordsOf(withoutDatabases.stdout).map((r) => r.row)).toEqual(
      ['89.160.20.112', '81.2.69.142', '1.0.0.1', '2001:480:10::1'].map((ip) => ({ ip, city: '', country: '', region: '', asn: '', asn_id: null })),
    );
  });
});

describe('hostile input', () => {
  const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let run: SpadeRun;
  let records: ParseRecord[];

  /** Binary junk without newlines (LF shifted to VT), so it stays one line. */
  function garbage(seed: number, length: number): Buffer {
    const bytes = seededBytes(seed, length);
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) bytes[i] = 0x0b;
    return bytes;
  }

  function base64Junk(seed: number, length: number): Buffer {
    const bytes = seededBytes(seed, length);
    for (let i = 0; i < bytes.length; i++) bytes[i] = BASE64_ALPHABET.charCodeAt(bytes[i] & 63);
    return bytes;
  }

  beforeAll(async () => {
    const sample = fixtureLine(LATEST, 'sample_logline.txt');
    const tenMegabyteLine = Buffer.concat([
      Buffer.from('{"clientIp":"10.0.0.1","receivedAt":"2013-10-17T18:05:55Z","uuid":"big","recordversion":3,"data":"'),
      base64Junk(11, 10 * 1024 * 1024),
      Buffer.from('"}'),
    ]);
    const input = Buffer.concat([
      lines(
        sample,
        garbage(7, 64 * 1024),
        Buffer.alloc(4096), // NUL bytes only
        '{"clientIp":"10.0.0.1","uuid":"n\u0000l","data":"eyJldmVudCI6ImxvZ2luIn0="}', // a NUL inside a JSON string
        Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]), // invalid UTF-8
        sample.subarray(0, 200), // truncated JSON
        tenMegabyteLine,
        '', // empty line
      ),
      sample, // the last line has no line end
    ]);
    run = await parseRun(['--config', loginConfig, '--geoip-dir', GEOIP_DIR], input);
    records = recordsOf(run.stdout);
  });

  it('exits 0 with nothing on stderr', () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('gives one record with a status and a reason per bad line, in line order, and keeps going', () => {
    const bad = (line: number, uuid: unknown) => ({ line, uuid, event: 'Unknown', table: null, version: 0, status: 'malformed', reason: SOME_REASON });
    const ok = (line: number) => ({ line, uuid: 'uuid1', event: 'login', table: 'login', version: 0, status: 'ok', row: SAMPLE_ROW });
    expect(records).toEqual([
      ok(1),
      bad(2, 'error'), // binary garbage
      bad(3, 'error'), // NUL bytes
      bad(4, 'error'), // NUL in a JSON string
      bad(5, 'error'), // invalid UTF-8
      bad(6, 'error'), // truncated JSON
      bad(7, 'big'), // 10 MB payload: the edge UUID is kept for payload errors (§2.6)
      bad(8, expect.any(String)), // empty line
      ok(9), // no line end
    ]);
  });
});

describe('bad usage exits with 2 and says why', () => {
  const writeConfig = (name: string, text: string) => {
    const file = join(workDir, name);
    writeFileSync(file, text);
    return file;
  };
  const CASES: [string, () => string[], RegExp][] = [
    ['no --config', () => [], /--config FILE is required/],
    ['an unknown --format', () => ['--config', loginConfig, '--format', 'csv'], /--format must be one of spade, load, json/],
    ['a malformed config file', () => ['--config', writeConfig('truncated.json', '[{"EventName":"login","Columns":[')], /truncated\.json: invalid JSON/],
    ['a config that is not a list of tables', () => ['--config', writeConfig('object.json', '{"login":[]}')], /object\.json: expected a JSON array/],
    ['a config file that does not exist', () => ['--config', join(workDir, 'absent.json')], /absent\.json: cannot read/],
  ];
  const runs = new Map<string, SpadeRun>();

  beforeAll(async () => {
    const stdin = fixture(LATEST, 'sample_logline.txt');
    const results = await Promise.all(CASES.map(([, args]) => parseRun(args(), stdin)));
    CASES.forEach(([name], i) => runs.set(name, results[i]));
  });

  it.each(CASES)('%s', (name, _args, message) => {
    const run = runs.get(name)!;
    expect(run.code).toBe(2);
    expect(run.stdout.toString()).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('usage: spade parse --config FILE');
  });
});

describe('--serve PORT', () => {
  let server: SpadeServer;
  let base: string;
  /** Its base64 has `+`, which a query string turns into a space: the decoder must take it back. */
  const payload = '{"event":"login","properties":{"sampling_factor":0.25,"distinct_id":">>>?","time":1380585602}}';
  const data = Buffer.from(payload).toString('base64');
  /** The server time is the request's, so only its shape is known. */
  const ROW = /^"0\.25"\t">>>\?"\t"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"\t"2013-09-30 17:00:02"$/;
  const accepted = (line: number) => [
    { line, uuid: expect.stringMatching(/^[0-9a-f]{24}$/), event: 'login', table: 'login', version: 0, status: 'ok', row: expect.stringMatching(ROW) },
  ];

  beforeAll(async () => {
    const port = await freePort();
    server = new SpadeServer(['parse', '--config', loginConfig, '--geoip-dir', GEOIP_DIR, '--serve', String(port)]);
    const [, bound] = await server.waitForStderr(/listening on http:\/\/127\.0\.0\.1:(\d+)\/track/);
    expect(Number(bound)).toBe(port);
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function recordsOfResponse(response: Response): Promise<ParseRecord[]> {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as { edgeLine: ParseRecord; records: ParseRecord[] };
    expect(body.edgeLine).toEqual(expect.objectContaining({ clientIp: '127.0.0.1', data: expect.any(String), recordversion: 4 }));
    return body.records;
  }

  it('GET /track?data= answers 200 with the records', async () => {
    expect(data).toContain('+');
    expect(await recordsOfResponse(await fetch(`${base}/track?data=${data}`))).toEqual(accepted(1));
  });

  it('POST a form body data=… answers 200', async () => {
    const response = await fetch(`${base}/track`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `data=${encodeURIComponent(data)}`,
    });
    expect(await recordsOfResponse(response)).toEqual(accepted(2));
  });

  it('POST a raw body answers 200', async () => {
    const response = await fetch(`${base}/`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: data });
    expect(await recordsOfResponse(response)).toEqual(accepted(3));
  });

  it('without data answers 400', async () => {
    const response = await fetch(`${base}/track`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'no data parameter' });
  });

  it('a body over 500 kB answers 413', async () => {
    const response = await fetch(`${base}/track`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'A'.repeat(500 * 1024 + 1) });
    expect(response.status).toBe(413);
  });

  it('img=1 answers 200 with a GIF', async () => {
    const response = await fetch(`${base}/track?img=1&data=${encodeURIComponent(data)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 6).toString('latin1')).toBe('GIF89a');
  });

  it('printed the record of every accepted request on stdout, and exits 0 on SIGTERM', async () => {
    const code = await server.stop();
    expect(recordsOf(Buffer.from(server.stdout)).map((r) => [r.line, r.status])).toEqual([[1, 'ok'], [2, 'ok'], [3, 'ok'], [4, 'ok']]);
    expect(code).toBe(0);
  });
});
