import { readFileSync } from 'fs';
import { join } from 'path';
import { createGeneralLineCore, createLineCore, type LineOutcome } from '@spade/pipeline';
import { emptyGeoIp, FastLines, loadTableConfig, openGeoIp, type GeoIp, type TableSet } from '@spade/transform';
import { Random, sampleEdgeLines } from '@spade/samples';

const ROOT = join(__dirname, '../../..');
const FIXTURES = join(ROOT, 'fixtures/spade');
const PRODUCTION = loadTableConfig(readFileSync(join(FIXTURES, 'latest/table_config.json'), 'utf8'), 'table_config.json').tables;

const column = (inbound: string, transformer: string, outbound = inbound, options = '') =>
  ({ InboundName: inbound, OutboundName: outbound, Transformer: transformer, ColumnCreationOptions: options });

/** One table with every transformer and every injected property, and a tiny one. */
const EVERY = loadTableConfig(JSON.stringify([
  {
    EventName: 'every', Version: 3,
    Columns: [
      column('time', 'f@timestamp@unix'), column('client_time', 'f@timestamp@unix-utc'), column('ip', 'varchar', 'ip', '(15)'),
      column('ip', 'ipCity', 'city'), column('ip', 'ipCountry', 'country'), column('ip', 'ipRegion', 'region'),
      column('ip', 'ipAsn', 'asn'), column('ip', 'ipAsnInteger', 'asn_id'), column('user_agent', 'varchar', 'user_agent'),
      column('name', 'varchar', 'name', '(5)'), column('count', 'int'), column('big', 'bigint'), column('ratio', 'float'),
      column('flag', 'bool'), column('when', 'f@timestamp@2006-01-02 15:04:05', 'when_local'), column('hashed', 'stringToIntegerMD5'),
      column('constructor', 'varchar', 'ctor'), column('name', 'varchar', 'name_full', '(max)'),
    ],
  },
  { EventName: 'tiny', Columns: [column('a', 'varchar')] },
]), 'every.json').tables;

const b64 = (payload: string | Buffer) => Buffer.from(payload).toString('base64');
/** A JSON edge line around a payload (raw JSON text, or bytes), with fields overridable as raw JSON text. */
function edgeLine(payload: string | Buffer, fields: Record<string, string> = {}): string {
  const all: Record<string, string> = {
    receivedAt: '"2016-06-04T00:26:40.329Z"', clientIp: '"81.2.69.142"', xForwardedFor: '"81.2.69.142"', uuid: '"u-1"',
    data: JSON.stringify(b64(payload)), userAgent: '"Edge Agent/1.0"', recordversion: '3', edgeType: '"external"', ...fields,
  };
  return `{${Object.entries(all).filter(([, v]) => v !== '').map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}
const every = (properties: string) => edgeLine(`{"event":"every","properties":${properties}}`);
const FULL = '{"time":1465000000.5,"client_time":1464999990.25,"name":"abcdefgh","count":42,"big":9007199254740993,"ratio":0.1,"flag":true,"when":"2016-06-04 01:02:03","hashed":"asd","user_agent":"Client/2"}';

/** Lines where the fast path must give exactly what the general path gives (most of them it leaves to it). */
const CASES: [string, string][] = [
  ['a full event', every(FULL)],
  ['properties before the name', edgeLine(`{"properties":${FULL},"event":"every"}`)],
  ['the name changed after the properties', edgeLine(`{"event":"tiny","properties":{"a":"x","name":"n"},"event":"every"}`)],
  ['the properties given twice', edgeLine('{"event":"every","properties":{"name":"first"},"properties":{"count":7}}')],
  ['a property given twice', every('{"count":1,"count":2,"name":"a","name":"b"}')],
  ['keys in other cases', edgeLine('{"EVENT":"every","Properties":{"count":5}}')],
  ['an escaped key', every('{"\\u006eame":"escaped key","c\\u006funt":3}')],
  ['escapes in values', every('{"name_full":"tab\\there \\"q\\" back\\\\slash \\u00e9 \\ud83d\\ude00 \\ud800 end","name":"\\u00e9\\u00e9\\u00e9"}')],
  ['raw UTF-8 values', every('{"name":"ééé","name_full":"✓ check","hashed":"日本"}')],
  ['invalid UTF-8 in a value', edgeLine(Buffer.concat([Buffer.from('{"event":"every","properties":{"name_full":"a'), Buffer.from([0xff, 0xe2, 0x82]), Buffer.from('b","count":1}}')]))],
  ['a varchar cut inside a character', every('{"name":"abcdé"}')],
  ['integers at their bounds', every('{"count":2147483647,"big":9223372036854775807}')],
  ['integers past their bounds', every('{"count":2147483648,"big":9223372036854775808}')],
  ['negative integers at and past their bounds', every('{"count":-2147483648,"big":-9223372036854775809}')],
  ['-0, zero and short integers', every('{"count":-0,"big":0}')],
  ['integers that are not integer literals', every('{"count":1e3,"big":1.0}')],
  ['integers as strings', every('{"count":"0042","big":"+5"}')],
  ['booleans as numbers and strings', every('{"flag":1}')],
  ['a boolean as a string', every('{"flag":"true"}')],
  ['floats in exponent ranges', every('{"ratio":1e-7,"big":1}')],
  ['a huge float', every('{"ratio":1e400}')],
  ['a float string', every('{"ratio":"NaN"}')],
  ['an out-of-range unix time', every('{"client_time":99}')],
  ['the client time only as time', every('{"time":1465000001.75}')],
  ['an ip property', every('{"ip":"216.160.83.56"}')],
  ['a null ip property', every('{"ip":null}')],
  ['a long ip property', every('{"ip":"2001:0db8:85a3:0000:0000:8a2e:0370:7334"}')],
  ['a non-string ip property', every('{"ip":42}')],
  ['a user_agent from the edge only', every('{"count":1}')],
  ['a constructor property', every('{"constructor":"ctor"}')],
  ['nested values', every('{"name":{"a":[1,{"b":null}]},"other":[[],{}],"count":[1]}')],
  ['strings where numbers go', every('{"count":"x","big":true,"ratio":null,"flag":null,"when":5,"hashed":7}')],
  ['an empty properties object', every('{}')],
  ['null properties', edgeLine('{"event":"every","properties":null}')],
  ['array properties', edgeLine('{"event":"every","properties":[1,2]}')],
  ['string properties', edgeLine('{"event":"every","properties":"p"}')],
  ['no properties', edgeLine('{"event":"every"}')],
  ['a null event name', edgeLine('{"event":null,"properties":{}}')],
  ['a numeric event name', edgeLine('{"event":5,"properties":{}}')],
  ['an empty event name', edgeLine('{"event":"","properties":{}}')],
  ['no event at all', edgeLine('{}')],
  ['an event array', edgeLine(`[{"event":"every","properties":${FULL}},{"event":"tiny","properties":{"a":"b"}},{"event":"nope","properties":{"x":1}}]`)],
  ['an event array with null', edgeLine('[{"event":"tiny","properties":{"a":"b"}},null]')],
  ['an event array with a number', edgeLine('[{"event":"tiny","properties":{"a":"b"}},7]')],
  ['an array that does not start with [{', edgeLine('[ {"event":"tiny","properties":{"a":"b"}}]')],
  ['a payload with leading whitespace', edgeLine(' {"event":"tiny","properties":{"a":"b"}}')],
  ['a payload with trailing whitespace', edgeLine('{"event":"tiny","properties":{"a":"b"}}\n ')],
  ['a payload with trailing garbage', edgeLine('{"event":"tiny","properties":{"a":"b"}}x')],
  ['a non-tracked event', edgeLine('{"event":"unknown_thing","properties":{ "b" : "<a&b>", "c":[1, 2] ,"d":"\u2028"}}')],
  ['a non-tracked event without properties', edgeLine('{"event":"unknown_thing"}')],
  ['a non-tracked event with null properties', edgeLine('{"event":"unknown_thing","properties":null}')],
  ['deep nesting in an unread property', every(`{"deep":${'['.repeat(10001)}${']'.repeat(10001)}}`)],
  ['deep nesting just within the limit', every(`{"deep":${'['.repeat(9997)}${']'.repeat(9997)}}`)],
  ['a syntax error in an unread property', every('{"other":[1,,2],"count":1}')],
  ['a raw control character in a value', every('{"name":"a\u0001b"}')],
  ['a line with an empty client IP', edgeLine('{"event":"tiny","properties":{"a":"b"}}', { clientIp: '""' })],
  ['a line with a null client IP', edgeLine('{"event":"every","properties":{}}', { clientIp: 'null' })],
  ['a line with an IPv6 client IP', edgeLine('{"event":"every","properties":{}}', { clientIp: '"2001:DB8:0:0:0:0:0:1"' })],
  ['a line with an IPv4-mapped client IP', edgeLine('{"event":"every","properties":{}}', { clientIp: '"::ffff:1.2.3.4"' })],
  ['a line with a bad client IP', edgeLine('{"event":"tiny","properties":{"a":"b"}}', { clientIp: '"1.2.3"' })],
  ['a line with a time offset', edgeLine('{"event":"every","properties":{}}', { receivedAt: '"2016-06-04T00:26:40+02:00"' })],
  ['a line with a bad time', edgeLine('{"event":"tiny","properties":{"a":"b"}}', { receivedAt: '"yesterday"' })],
  ['a line with a null time', edgeLine('{"event":"every","properties":{}}', { receivedAt: 'null' })],
  ['a line without time', edgeLine('{"event":"every","properties":{}}', { receivedAt: '' })],
  ['a line with an escaped time', edgeLine('{"event":"every","properties":{}}', { receivedAt: '"2016-06-04T00:26:40\\u002e329Z"' })],
  ['a line without uuid', edgeLine('{"event":"tiny","properties":{"a":"b"}}', { uuid: '' })],
  ['a line with a long uuid', edgeLine('{"event":"tiny","properties":{"a":"b"}}x', { uuid: JSON.stringify('u'.repeat(70)) })],
  ['a line with a non-ASCII uuid', edgeLine('{"event":"tiny","properties":{"a":"b"}}', { uuid: '"ü-1"' })],
  ['a line with escaped data', edgeLine('', { data: JSON.stringify(b64('{"event":"tiny","properties":{"a":"b"}}')).replace('e', '\\u0065') })],
  ['a line with URL-escaped data', edgeLine('', { data: JSON.stringify(b64('{"event":"tiny","properties":{"a":">>>?"}}').replace(/\+/g, '%2B').replace(/=/g, '%3D')) })],
  ['a line with URL-safe data', edgeLine('', { data: JSON.stringify(b64('{"event":"tiny","properties":{"a":">>>??"}}').replace(/\+/g, '-').replace(/\//g, '_')) })],
  ['a line with URL-safe data without padding', edgeLine('', { data: JSON.stringify(Buffer.from('{"event":"tiny","properties":{"a":">>>??"}}').toString('base64url')) })],
  ['a line with data in the space alphabet', edgeLine('', { data: JSON.stringify(b64('{"event":"tiny","properties":{"a":">>>"}}').replace(/\+/g, ' ')) })],
  ['a line with bad base64', edgeLine('', { data: '"bm90*YmFzZTY0"' })],
  ['a line with data twice', edgeLine('{"event":"tiny","properties":{"a":"1"}}', { recordversion: `3,"data":${JSON.stringify(b64('{"event":"tiny","properties":{"a":"2"}}'))}` })],
  ['a line with data twice, the first one bad', `{"data":"a\u0001b","data":${JSON.stringify(b64('{"event":"tiny","properties":{"a":"2"}}'))}}`],
  ['a line with a control character in data', `{"uuid":"u","data":"eyJ\u0001ldmVudCI6InRpbnkifQ=="}`],
  ['a line with a numeric data', edgeLine('', { data: '5' })],
  ['a line with null data', edgeLine('', { data: 'null' })],
  ['a line with recordversion 3.0', edgeLine('{"event":"tiny","properties":{"a":"b"}}', { recordversion: '3.0' })],
  ['a line with a huge recordversion', edgeLine('{"event":"tiny","properties":{"a":"b"}}', { recordversion: '99999999999999999999' })],
  ['a line with a string recordversion', edgeLine('{"event":"tiny","properties":{"a":"b"}}', { recordversion: '"3"' })],
  ['a line with a numeric edgeType', edgeLine('{"event":"tiny","properties":{"a":"b"}}', { edgeType: '1' })],
  ['a line with a folded field name', edgeLine('{"event":"tiny","properties":{"a":"b"}}', { UUID: '"folded"' })],
  ['a line with unknown fields', edgeLine('{"event":"tiny","properties":{"a":"b"}}', { extra: '{"x":[1,"2",null]}' })],
  ['a line with an escaped user agent', edgeLine('{"event":"every","properties":{}}', { userAgent: '"Agent\\tTab"' })],
  ['a line with whitespace between tokens', ' { "data" : ' + JSON.stringify(b64('{"event":"tiny","properties":{"a":"b"}}')) + ' , "uuid" : "w" } '],
  ['a line with trailing garbage', `${edgeLine('{"event":"tiny","properties":{"a":"b"}}')}x`],
  ['a truncated line', edgeLine('{"event":"tiny","properties":{"a":"b"}}').slice(0, 60)],
  ['an nginx-style line', `10.0.0.1 [1382033155.000] data=${b64('{"event":"tiny","properties":{"a":"b"}}')} uuid-n`],
  ['a blank line', '   '],
];

/** The cases above that the fast path hands over (error events, odd shapes); it decides all others. */
const LEFT_TO_GENERAL_PATH = [
  'null properties', 'array properties', 'string properties', 'no properties', 'a null event name', 'a numeric event name',
  'an empty event name', 'no event at all', 'an event array with null', 'an event array with a number',
  'an array that does not start with [{', 'a payload with leading whitespace', 'a payload with trailing garbage',
  'deep nesting in an unread property', 'a syntax error in an unread property', 'a raw control character in a value',
  'a line with a null client IP', 'a line with a bad client IP', 'a line with a bad time', 'a line with a null time',
  'a line with an escaped time', 'a line with a long uuid', 'a line with escaped data', 'a line with URL-safe data without padding',
  'a line with bad base64', 'a line with data twice', 'a line with data twice, the first one bad',
  'a line with a control character in data', 'a line with a numeric data', 'a line with null data',
  'a line with recordversion 3.0', 'a line with a huge recordversion', 'a line with a string recordversion',
  'a line with a numeric edgeType', 'a line with a folded field name', 'a line with whitespace between tokens',
  'a line with trailing garbage', 'a truncated line', 'an nginx-style line', 'a blank line',
];

/** What an outcome says, field by field (a fast-path outcome reads its uuid from the line when asked). */
function said({ status, uuid, name, table, version, row, nontracked, reason }: LineOutcome): LineOutcome {
  return { status, uuid, name, table, version, row, nontracked, reason };
}

function compare(core: ReturnType<typeof createLineCore>, general: ReturnType<typeof createLineCore>, line: Buffer): void {
  expect(core.processLine(line).map(said)).toEqual(general.processLine(line).map(said));
}

describe('the parser core: fast path against the general path', () => {
  let geo: GeoIp;
  beforeAll(async () => {
    geo = await openGeoIp(join(ROOT, 'fixtures/geoip'));
  });

  it.each(CASES)('%s', (_name, line) => {
    compare(createLineCore(EVERY, geo), createGeneralLineCore(EVERY, geo), Buffer.from(line, 'utf8'));
  });

  it('leaves to the general path exactly the cases it does not cover', () => {
    const fast = new FastLines(EVERY, geo);
    const general = CASES.filter(([, line]) => fast.outcomes(Buffer.from(line, 'utf8')) === null).map(([name]) => name);
    expect(general).toEqual(LEFT_TO_GENERAL_PATH);
  });

  it.each([
    'latest/processor/test_resources/sample_logline.txt',
    'latest/processor/test_resources/sample_multi_logline.txt',
    'latest/processor/test_resources/sample_error_logline.txt',
    'latest/parser/json/test_resources/broken_b64_data.json',
    'latest/parser/json/test_resources/broken_ip_data.json',
    'latest/parser/json/test_resources/multievent_b64.txt',
    'seed-2014/parser/test_resources/sample_data.txt',
  ])('fixture %s', (path) => {
    const text = readFileSync(join(FIXTURES, path));
    const core = createLineCore(PRODUCTION, geo);
    const general = createGeneralLineCore(PRODUCTION, geo);
    for (const line of text.toString('latin1').split(/\r?\n/)) if (line !== '') compare(core, general, Buffer.from(line, 'latin1'));
  });

  it('generated lines of the production config, and the fast path takes most of them', () => {
    const lines = [...sampleEdgeLines([...PRODUCTION.values()], { seed: 5, lines: 3000, badRatio: 0.05, nontrackedRatio: 0.05, arrayRatio: 0.1 })];
    const core = createLineCore(PRODUCTION, geo);
    const general = createGeneralLineCore(PRODUCTION, geo);
    const fast = new FastLines(PRODUCTION, geo);
    let taken = 0;
    for (const text of lines) {
      const line = Buffer.from(text, 'utf8');
      if (fast.outcomes(line) !== null) taken++;
      compare(core, general, line);
    }
    expect(taken / lines.length).toBeGreaterThan(0.9);
  });

  it('mutated lines: the fast path agrees with the general path byte for byte', () => {
    const random = new Random(11);
    const lines = [...sampleEdgeLines([...PRODUCTION.values()], { seed: 6, lines: 500, badRatio: 0 })].map((text) => Buffer.from(text, 'utf8'));
    const pieces = ['"', '\\', '\\u0000', '\\ud800', ',', ':', '{', '}', '[', ']', ' ', '\t', 'null', '-', '1e5', 'é', '"ip":"1.2.3.4",', '"clientIp":"01.2.3.4",', '"uuid":"ü",'].map((p) => Buffer.from(p, 'utf8'));
    /** One to three cuts, insertions of a JSON piece, or random bytes. */
    const mutated = (bytes: Buffer): Buffer => {
      let out = bytes;
      for (let k = random.int(1, 3); k > 0; k--) {
        const at = random.int(0, out.length - 1);
        const what = random.next();
        if (what < 0.3) out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1)]);
        else if (what < 0.6) out = Buffer.concat([out.subarray(0, at), random.pick(pieces), out.subarray(at)]);
        else (out = Buffer.from(out))[at] = random.int(0, 255);
      }
      return out;
    };
    /** The same inside the payload, base64 again (so the edge line stays good). */
    const payloadMutated = (line: Buffer): Buffer => {
      const edge = JSON.parse(line.toString('utf8')) as { data: string };
      return Buffer.from(JSON.stringify({ ...edge, data: mutated(Buffer.from(edge.data, 'base64')).toString('base64') }), 'utf8');
    };
    const core = createLineCore(PRODUCTION, geo);
    const general = createGeneralLineCore(PRODUCTION, geo);
    const fast = new FastLines(PRODUCTION, geo);
    let taken = 0;
    for (let i = 0; i < 6000; i++) {
      const source = random.pick(lines);
      const line = random.chance(0.5) ? mutated(source) : payloadMutated(source);
      if (fast.outcomes(line) !== null) taken++;
      compare(core, general, line);
    }
    expect(taken).toBeGreaterThan(600); // the fast path answered for enough of them to be tested
  });
});

describe('the parser core: rows written by the fast path', () => {
  const core = (tables: TableSet) => createLineCore(tables, emptyGeoIp());
  /** Outcomes with each row read out as text. */
  const only = (outcomes: LineOutcome[]) => outcomes.map(said).map(({ row, ...o }) => (row === undefined ? o : { ...o, loadRow: row.toString('utf8') }));

  it('copies strings, integers and booleans, and transforms the rest', () => {
    const line = Buffer.from(every('{"name":"abcdefgh","count":-0,"big":12,"flag":false,"ratio":0.5,"ip":"1.2.3.4","constructor":"c"}'));
    expect(new FastLines(EVERY, emptyGeoIp()).outcomes(line)).not.toBeNull();
    expect(only(core(EVERY).processLine(line))).toEqual([
      {
        status: 'skipped_column', uuid: 'u-1', name: 'every', version: 3, table: 'every',
        loadRow: '2016-06-03 17:26:40\t\t1.2.3.4\t\t\t\t\t\tEdge Agent/1.0\tabcde\t0\t12\t0.5\tfalse\t\t\tc\tabcdefgh',
        reason: 'column "client_time": property not found; column "asn_id": no ASN known for the address; column "when_local": property "when" not found; column "hashed": property not found',
      },
    ]);
  });

  it('reads a uuid from its line when asked, and refuses once the next line came', () => {
    const fast = new FastLines(EVERY, emptyGeoIp());
    const [first] = fast.outcomes(Buffer.from(edgeLine('{"event":"tiny","properties":{"a":"x"}}', { uuid: '"first-line"' })))!;
    expect(first.uuid).toBe('first-line');
    const [second] = fast.outcomes(Buffer.from(edgeLine('{"event":"tiny","properties":{"a":"y"}}', { uuid: '"second-line"' })))!;
    expect(second.uuid).toBe('second-line');
    expect(() => first.uuid).toThrow('a fast-path outcome was read after the next line');
  });

  it('numbers the events of an array and keeps non-tracked ones', () => {
    const line = Buffer.from(edgeLine('[{"event":"tiny","properties":{"a":"x"}},{"event":"other","properties":{"k":"<v>"}}]'));
    expect(only(core(EVERY).processLine(line))).toEqual([
      { status: 'ok', uuid: 'u-1-0', name: 'tiny', version: 0, table: 'tiny', loadRow: 'x' },
      { status: 'nontracked', uuid: 'u-1-1', name: 'other', version: 0, nontracked: '{"event":"other","properties":{"k":"\\u003cv\\u003e"}}' },
    ]);
  });
});
