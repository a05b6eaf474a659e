import { readFileSync } from 'fs';
import { join } from 'path';
import { decodeJson, EdgeEvent, JsonNumber, parseLine } from '@spade/events';

const FIXTURES = join(__dirname, '../../../fixtures/spade');
/** A fixture file's single line, without its line terminator. */
const fixtureLine = (path: string): Buffer => Buffer.from(readFileSync(join(FIXTURES, path), 'latin1').replace(/\r?\n$/, ''), 'latin1');
const parse = (line: string): EdgeEvent[] => parseLine(Buffer.from(line, 'utf8'));
const b64 = (json: string): string => Buffer.from(json, 'utf8').toString('base64');

const LOGIN_PROPERTIES = decodeJson(readFileSync(join(FIXTURES, 'latest/processor/test_resources/expected_byte_buffer.txt')));
const LOG_MANAGER_PROPERTIES = { distinct_id: 'ffffffffffffffffff', sampling_factor: new JsonNumber('0.5') };

/** The parts of an event the tests compare (rawProperties is checked separately). */
const summary = (e: EdgeEvent) => ({
  uuid: e.uuid,
  serverTime: e.serverTime,
  clientIp: e.clientIp,
  userAgent: e.userAgent,
  edgeType: e.edgeType,
  name: e.name,
  failure: e.failure,
});

describe('parseLine: Format B fixtures (SPADE-REFERENCE §2.7, latest)', () => {
  it('sample_logline.txt → one login event', () => {
    const events = parseLine(fixtureLine('latest/processor/test_resources/sample_logline.txt'));
    expect(events.map(summary)).toEqual([
      { uuid: 'uuid1', serverTime: '1382033155', clientIp: '10.1.40.26', userAgent: '', edgeType: 'internal', name: 'login', failure: null },
    ]);
    expect(events[0].properties).toEqual(LOGIN_PROPERTIES);
    expect(events[0].rawProperties?.toString().startsWith('{"mixpanel_distinct_id": ')).toBe(true);
  });

  it('sample_multi_logline.txt → four login events uuid1-0 … uuid1-3', () => {
    const events = parseLine(fixtureLine('latest/processor/test_resources/sample_multi_logline.txt'));
    expect(events.map((e) => [e.uuid, e.serverTime, e.name, e.failure])).toEqual([
      ['uuid1-0', '1382033155', 'login', null],
      ['uuid1-1', '1382033155', 'login', null],
      ['uuid1-2', '1382033155', 'login', null],
      ['uuid1-3', '1382033155', 'login', null],
    ]);
    for (const event of events) expect(event.properties).toEqual(LOGIN_PROPERTIES);
  });

  it('sample_error_logline.txt (corrupted base64) → one malformed event keeping uuid and time', () => {
    expect(parseLine(fixtureLine('latest/processor/test_resources/sample_error_logline.txt')).map(summary)).toEqual([
      {
        uuid: 'uuid1',
        serverTime: '1382033155',
        clientIp: '',
        userAgent: '',
        edgeType: 'internal',
        name: 'Unknown',
        failure: { kind: 'malformed', reason: 'payload is not valid JSON: invalid character byte 0x14 in string literal at byte 99' },
      },
    ]);
  });

  it('broken_b64_data.json → malformed with uuid 123abc and time 1418172623', () => {
    expect(parseLine(fixtureLine('latest/parser/json/test_resources/broken_b64_data.json')).map(summary)).toEqual([
      {
        uuid: '123abc',
        serverTime: '1418172623',
        clientIp: '',
        userAgent: '',
        edgeType: 'internal',
        name: 'Unknown',
        failure: { kind: 'malformed', reason: "payload is not valid JSON: invalid character 'C' looking for beginning of value at byte 0" },
      },
    ]);
  });

  it('the line "{" → malformed with uuid error and time 0', () => {
    expect(parse('{').map(summary)).toEqual([
      {
        uuid: 'error',
        serverTime: '0',
        clientIp: '',
        userAgent: '',
        edgeType: '',
        name: 'Unknown',
        failure: { kind: 'malformed', reason: 'line is not valid JSON: unexpected end of JSON input at byte 1' },
      },
    ]);
  });

  it('broken_ip_data.json decodes normally unless rejectBadFirstIp is set', () => {
    const line = fixtureLine('latest/parser/json/test_resources/broken_ip_data.json');
    expect(parseLine(line).map((e) => [e.uuid, e.name, e.clientIp, e.failure])).toEqual([['123abc', 'video-play', '10.0.0.1', null]]);
    expect(parseLine(line, { rejectBadFirstIp: true }).map(summary)).toEqual([
      {
        uuid: '123abc',
        serverTime: '1418172623',
        clientIp: '',
        userAgent: '',
        edgeType: 'internal',
        name: 'Unknown',
        failure: { kind: 'malformed', reason: 'first X-Forwarded-For element is not an IP: "10.0.0."' },
      },
    ]);
  });

  it('rejectBadFirstIp only applies to recordversion 3', () => {
    const line = (version: number) => `{"recordversion":${version},"xForwardedFor":"bad","uuid":"u","data":"${b64('{"event":"e"}')}"}`;
    expect(parseLine(Buffer.from(line(4)), { rejectBadFirstIp: true })[0].failure).toBeNull();
    expect(parseLine(Buffer.from(line(3)), { rejectBadFirstIp: true })[0].failure?.kind).toBe('malformed');
  });

  it('carries userAgent and edgeType to every event of the line', () => {
    const line = `{"uuid":"u","receivedAt":"2017-08-01T18:07:35Z","clientIp":"::ffff:192.168.1.100","userAgent":"ua/1.0","edgeType":"external","data":"${b64('[{"event":"a"},{"event":"b"}]')}"}`;
    expect(parse(line).map(summary)).toEqual([
      { uuid: 'u-0', serverTime: '1501610855', clientIp: '192.168.1.100', userAgent: 'ua/1.0', edgeType: 'external', name: 'a', failure: null },
      { uuid: 'u-1', serverTime: '1501610855', clientIp: '192.168.1.100', userAgent: 'ua/1.0', edgeType: 'external', name: 'b', failure: null },
    ]);
  });

  it('keeps the bare uuid for an array of one event', () => {
    expect(parse(`{"uuid":"u","data":"${b64('[{"event":"a"}]')}"}`).map((e) => e.uuid)).toEqual(['u']);
  });

  it('gives a missing receivedAt Go’s zero time and a missing clientIp <nil>', () => {
    expect(parse(`{"uuid":"u","data":"${b64('{"event":"a"}')}"}`).map(summary)).toEqual([
      { uuid: 'u', serverTime: '-62135596800', clientIp: '<nil>', userAgent: '', edgeType: '', name: 'a', failure: null },
    ]);
  });

  it('decodes {"event" :"login"} without properties (eyJldmVudCIgOiJsb2dpbiJ9)', () => {
    const [event] = parse('{"uuid":"uuid1","receivedAt":"2013-10-17T18:05:55.338Z","data":"eyJldmVudCIgOiJsb2dpbiJ9"}');
    expect([event.name, event.properties, event.rawProperties, event.failure]).toEqual(['login', undefined, undefined, null]);
  });

  it('reports a line that is JSON but not an edge event, keeping the edgeType decoded so far', () => {
    expect(parse('{"edgeType":"internal","clientIp":"10.0.0.","uuid":"u"}').map(summary)).toEqual([
      {
        uuid: 'error',
        serverTime: '0',
        clientIp: '',
        userAgent: '',
        edgeType: 'internal',
        name: 'Unknown',
        failure: { kind: 'malformed', reason: 'line is not a valid edge event: clientIp is not an IP address: "10.0.0."' },
      },
    ]);
  });
});

describe('parseLine: Format A fixtures (early-2015)', () => {
  it('processor sample_logline.txt → one login event', () => {
    const events = parseLine(fixtureLine('early-2015/processor/test_resources/sample_logline.txt'));
    expect(events.map(summary)).toEqual([
      { uuid: 'uuid1', serverTime: '1382033155', clientIp: '10.1.40.26', userAgent: '', edgeType: '', name: 'login', failure: null },
    ]);
    expect(events[0].properties).toEqual(LOGIN_PROPERTIES);
  });

  it('processor sample_multi_logline.txt → four events', () => {
    expect(parseLine(fixtureLine('early-2015/processor/test_resources/sample_multi_logline.txt')).map((e) => [e.uuid, e.name])).toEqual([
      ['uuid1-0', 'login'],
      ['uuid1-1', 'login'],
      ['uuid1-2', 'login'],
      ['uuid1-3', 'login'],
    ]);
  });

  it('processor sample_error_logline.txt → malformed, uuid and time kept', () => {
    expect(parseLine(fixtureLine('early-2015/processor/test_resources/sample_error_logline.txt')).map((e) => [e.uuid, e.serverTime, e.name, e.failure?.kind])).toEqual([
      ['uuid1', '1382033155', 'Unknown', 'malformed'],
    ]);
  });

  it('log_manager single, multi and broken lines → 4 events and 1 malformed (log_parser_pool_test)', () => {
    const single = parseLine(fixtureLine('early-2015/log_manager/test_resources/single_line.txt'));
    const multi = parseLine(fixtureLine('early-2015/log_manager/test_resources/multi_line.txt'));
    const broken = parseLine(fixtureLine('early-2015/log_manager/test_resources/broken_line.txt'));
    expect(single.map(summary)).toEqual([
      { uuid: 'fffff-fffff-fffff-1', serverTime: '1418172623', clientIp: '222.222.222.222', userAgent: '', edgeType: '', name: 'login', failure: null },
    ]);
    expect(single[0].properties).toEqual(LOG_MANAGER_PROPERTIES);
    expect(multi.map((e) => [e.uuid, e.name, e.properties])).toEqual([
      ['fffff-fffff-fffff-3-0', 'login', LOG_MANAGER_PROPERTIES],
      ['fffff-fffff-fffff-3-1', 'login', LOG_MANAGER_PROPERTIES],
      ['fffff-fffff-fffff-3-2', 'login', LOG_MANAGER_PROPERTIES],
    ]);
    // The embedded space ends the data early; the rest of the base64 becomes a UUID longer than 64 bytes.
    expect(broken.map(summary)).toEqual([
      {
        uuid: 'error',
        serverTime: '1418172623',
        clientIp: '',
        userAgent: '',
        edgeType: '',
        name: 'Unknown',
        failure: { kind: 'malformed', reason: 'payload is not valid JSON: unexpected end of JSON input at byte 12' },
      },
    ]);
  });

  it('json_log brokendata.json → malformed with uuid 123abc and time 1418172623', () => {
    expect(parseLine(fixtureLine('early-2015/parser/json_log/test_resources/brokendata.json')).map((e) => [e.uuid, e.serverTime, e.failure?.kind])).toEqual([
      ['123abc', '1418172623', 'malformed'],
    ]);
  });

  it('uses the lexer time text as is for a good event', () => {
    expect(parse(`1.2.3.4 [+0013.000] data=${b64('{"event":"a"}')} u`).map((e) => [e.serverTime, e.clientIp])).toEqual([['+0013', '1.2.3.4']]);
  });
});

describe('parseLine: error-event rules (mixpanelevent.go)', () => {
  const badPayloadLine = (uuid: string, time = '1418172623') => `10.0.0.1 [${time}.000] data=notbase64! ${uuid}`;
  const errorOf = (line: string) => parse(line).map((e) => [e.uuid, e.serverTime, e.name, e.failure?.kind]);

  it.each([
    ['a normal UUID', 'abc-123', 'abc-123'],
    ['64 bytes', 'x'.repeat(64), 'x'.repeat(64)],
    ['65 bytes', 'x'.repeat(65), 'error'],
    ['multi-byte characters counted in bytes (32 × é = 64 bytes)', 'é'.repeat(32), 'é'.repeat(32)],
    ['multi-byte characters counted in bytes (33 × é = 66 bytes)', 'é'.repeat(33), 'error'],
    ['an empty UUID', '', 'error'],
  ])('keeps or replaces the edge UUID: %s', (_name, uuid, expected) => {
    expect(errorOf(badPayloadLine(uuid))).toEqual([[expected, '1418172623', 'Unknown', 'malformed']]);
  });

  it.each([
    ['1418172623', '1418172623'],
    ['+5', '+5'],
    ['-0', '-0'],
    ['-9223372036854775808', '-9223372036854775808'],
    ['9223372036854775807', '9223372036854775807'],
    ['9223372036854775808', '0'],
    ['13x', '0'],
    ['', '0'],
    ['+', '0'],
    ['1_000', '0'],
  ])('keeps the server time %j only if Go’s Atoi accepts it → %j', (time, expected) => {
    expect(errorOf(badPayloadLine('u', time))[0][1]).toBe(expected);
  });

  it('returns no events for an empty line', () => {
    expect(parseLine(Buffer.alloc(0))).toEqual([]);
  });

  it('reports a whitespace-only line as malformed', () => {
    expect(parse(' \t ').map(summary)).toEqual([
      {
        uuid: 'error',
        serverTime: '0',
        clientIp: '',
        userAgent: '',
        edgeType: '',
        name: 'Unknown',
        failure: { kind: 'malformed', reason: 'line has no "data=" field (neither a JSON edge line nor an nginx-style one)' },
      },
    ]);
  });

  it('turns an unexpected exception into a panicked event', () => {
    expect(parseLine(undefined as unknown as Buffer).map(summary)).toEqual([
      {
        uuid: 'error',
        serverTime: '0',
        clientIp: '',
        userAgent: '',
        edgeType: 'internal',
        name: 'Unknown',
        failure: { kind: 'panicked', reason: expect.stringMatching(/^panicked: /) },
      },
    ]);
  });
});

describe('parseLine: hostile input never throws', () => {
  /** Deterministic pseudo-random bytes (xorshift32). */
  function randomBytes(length: number, seed: number): Buffer {
    const out = Buffer.alloc(length);
    let x = seed;
    for (let i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  }

  const expectOneFailure = (events: EdgeEvent[], kind: 'malformed' | 'panicked' = 'malformed') => {
    expect(events).toHaveLength(1);
    expect(events[0].failure?.kind).toBe(kind);
    expect(events[0].failure?.reason.length).toBeGreaterThan(10);
    expect(events[0].failure?.reason.length).toBeLessThan(300);
  };

  it('binary garbage', () => {
    const outcomes = new Set<string>();
    for (let seed = 1; seed <= 200; seed++) {
      const events = parseLine(randomBytes(1 + (seed % 97) * 13, seed));
      outcomes.add(events.length === 1 && events[0].failure !== null ? events[0].failure.kind : 'unexpected');
    }
    expect([...outcomes]).toEqual(['malformed']);
    const jsonGarbage = Buffer.concat([Buffer.from('{'), randomBytes(500, 7)]);
    expectOneFailure(parseLine(jsonGarbage));
  });

  it('NUL bytes', () => {
    expectOneFailure(parseLine(Buffer.alloc(100)));
    expectOneFailure(parseLine(Buffer.from('{"uuid":"a\u0000"}')));
    expect(parse(`{"uuid":"a","data":"${b64('{"event":"a\\u0000b"}')}"}`)[0].name).toBe('a\u0000b');
  });

  it('every truncation of a valid line', () => {
    const line = fixtureLine('latest/processor/test_resources/sample_multi_logline.txt');
    const outcomes = new Set<string>();
    for (let cut = 1; cut < line.length; cut += 7) {
      const events = parseLine(line.subarray(0, cut));
      outcomes.add(`${events.length} ${events[0].uuid} ${events[0].failure?.reason.replace(/: .*/, '')}`);
    }
    expect([...outcomes]).toEqual(['1 error line is not valid JSON']);
  });

  it('every truncation of a valid payload', () => {
    const payload = '{"event":"login","properties":{"a":[1,2,{"b":"c"}],"d":"\\u00e9"}}';
    const outcomes = new Set<string>();
    for (let cut = 0; cut < payload.length; cut++) {
      const events = parse(`{"uuid":"u","receivedAt":"2014-12-10T00:50:23Z","data":"${b64(payload.slice(0, cut))}"}`);
      outcomes.add(`${events.length} ${events[0].uuid} ${events[0].serverTime} ${events[0].failure?.reason.replace(/: .*/, '')}`);
    }
    expect([...outcomes]).toEqual(['1 u 1418172623 payload is not valid JSON']);
  });

  it('invalid UTF-8 everywhere becomes U+FFFD per byte', () => {
    const bad = [0xff, 0xe2, 0x82];
    const payload = Buffer.concat([Buffer.from('{"event":"e'), Buffer.from(bad), Buffer.from('","properties":{"k'), Buffer.from(bad), Buffer.from('":"v'), Buffer.from(bad), Buffer.from('"}}')]);
    const line = Buffer.concat([
      Buffer.from('{"uuid":"u'),
      Buffer.from(bad),
      Buffer.from('","userAgent":"a'),
      Buffer.from(bad),
      Buffer.from(`","data":"${payload.toString('base64')}"}`),
    ]);
    const [event] = parseLine(line);
    expect([event.uuid, event.userAgent, event.name, event.properties, event.failure]).toEqual([
      'u\ufffd\ufffd\ufffd',
      'a\ufffd\ufffd\ufffd',
      'e\ufffd\ufffd\ufffd',
      { 'k\ufffd\ufffd\ufffd': 'v\ufffd\ufffd\ufffd' },
      null,
    ]);
    // The raw properties keep the original bytes (for byte-exact dumps).
    expect(event.rawProperties?.includes(Buffer.from(bad))).toBe(true);
    // Invalid UTF-8 in the data string itself is a base64 error (U+FFFD is not base64).
    expectOneFailure(parseLine(Buffer.concat([Buffer.from('{"uuid":"u","data":"QU'), Buffer.from(bad), Buffer.from('JD"}')])));
  });

  it('a 10 MB line in either format, and 10 MB of nesting in a payload', () => {
    const started = Date.now();
    const bigValue = 'x'.repeat(10 * 1024 * 1024);
    const big = parse(`{"uuid":"u","data":"${b64(`{"event":"big","properties":{"v":"${bigValue}"}}`)}"}`);
    expect(big.map((e) => [e.name, e.failure])).toEqual([['big', null]]);
    expect(((big[0].properties as Record<string, string>).v).length).toBe(bigValue.length);
    expectOneFailure(parseLine(Buffer.alloc(10 * 1024 * 1024, 0x61)));
    expectOneFailure(parse(`{"uuid":"u","data":"${'A'.repeat(10 * 1024 * 1024 + 1)}"}`));
    const nested = parse(`{"uuid":"u","data":"${b64(`{"event":"e","properties":${'['.repeat(5 * 1024 * 1024)}}`)}"}`);
    expectOneFailure(nested);
    expect(nested[0].failure?.reason).toBe('payload is not valid JSON: exceeded max depth at byte 10025');
    expect(Date.now() - started).toBeLessThan(15000);
  });
});
