import { promises as fs } from 'fs';
import * as path from 'path';
import { EdgeEvent, JsonNumber, JsonObject, JsonValue } from '@spade/events';
import { emptyGeoIp, loadTableConfig, spadeRow, TableSet, transformEvent } from '@spade/transform';

const num = (text: string) => new JsonNumber(text);
const geo = emptyGeoIp();

/** A property map as the decoder builds it: no inherited keys. */
function properties(entries: Record<string, JsonValue>): JsonObject {
  return Object.assign(Object.create(null) as JsonObject, entries);
}

function edgeEvent(fields: Partial<EdgeEvent>): EdgeEvent {
  return {
    uuid: 'uuid1', serverTime: '1382033155', clientIp: '10.1.40.26', userAgent: '', edgeType: 'internal',
    name: 'login', properties: properties({}), failure: null, ...fields,
  };
}

const column = (inbound: string, transformer: string, outbound = inbound) =>
  ({ InboundName: inbound, OutboundName: outbound, Transformer: transformer, ColumnCreationOptions: '' });

function tables(config: unknown): TableSet {
  const { tables: loaded, warnings } = loadTableConfig(JSON.stringify(config), 'test.json');
  expect(warnings).toEqual([]);
  return loaded;
}

// The columns of the original's redshift_transformer_test.go (without its lookup column).
const LOGIN_CONFIG = tables([{
  EventName: 'login', Version: 42,
  Columns: [column('times', 'bigint'), column('fraction', 'float'), column('name', 'varchar'), column('user_agent', 'varchar'), column('now', 'f@timestamp@unix')],
}]);

const kaiProperties = () => properties({ times: num('42'), fraction: num('0.1234'), name: 'kai.hayashi', now: num('1382033155'), id: num('42') });

describe('tracked events (§5.2 examples)', () => {
  it('produces every column in order', () => {
    const result = transformEvent(edgeEvent({ properties: kaiProperties(), userAgent: 'Test Browser' }), LOGIN_CONFIG, geo);
    expect(result).toEqual({
      status: 'ok', table: 'login', version: 42, uuid: 'uuid1', name: 'login',
      values: ['42', '0.1234', 'kai.hayashi', 'Test Browser', '2013-10-17 11:05:55'],
    });
    expect(spadeRow(result.values!)).toBe('"42"\t"0.1234"\t"kai.hayashi"\t"Test Browser"\t"2013-10-17 11:05:55"');
  });

  it('writes a column that does not convert as empty and flags the event', () => {
    const props = kaiProperties();
    props.times = 'sda';
    const result = transformEvent(edgeEvent({ properties: props, userAgent: 'Test Browser' }), LOGIN_CONFIG, geo);
    expect(result.status).toBe('skipped_column');
    expect(result.reason).toBe('column "times": not a bigint');
    expect(result.values).toEqual([null, '0.1234', 'kai.hayashi', 'Test Browser', '2013-10-17 11:05:55']);
    expect(spadeRow(result.values!)).toBe('""\t"0.1234"\t"kai.hayashi"\t"Test Browser"\t"2013-10-17 11:05:55"');
  });

  it('writes missing properties as empty and names every problem', () => {
    const props = properties({ times: num('42'), fraction: num('0.1234'), name: 'kai.hayashi' });
    const result = transformEvent(edgeEvent({ properties: props }), LOGIN_CONFIG, geo);
    expect(result.status).toBe('skipped_column');
    expect(result.reason).toBe('column "user_agent": property not found; column "now": property not found');
    expect(spadeRow(result.values!)).toBe('"42"\t"0.1234"\t"kai.hayashi"\t""\t""');
  });

  it('names the property when it differs from the column name', () => {
    const config = tables([{ EventName: 'login', Columns: [column('channel', 'varchar', 'channel_name')] }]);
    expect(transformEvent(edgeEvent({}), config, geo).reason).toBe('column "channel_name": property "channel" not found');
  });

  it('reads only own keys, even from a plain object', () => {
    const config = tables([{ EventName: 'login', Columns: [column('constructor', 'varchar'), column('toString', 'varchar')] }]);
    const result = transformEvent(edgeEvent({ properties: { toString: 'x' } as unknown as JsonObject }), config, geo);
    expect(result.values).toEqual([null, 'x']);
    expect(result.reason).toBe('column "constructor": property not found');
  });
});

describe('float values that are not errors (§11)', () => {
  const config = tables([{ EventName: 'login', Columns: [column('f', 'float')] }]);
  it.each([['NaN', ''], ['Inf', '+Inf'], ['+inf', '+Inf']])('writes %j as %j without flagging the event', (text, value) => {
    const result = transformEvent(edgeEvent({ properties: properties({ f: text }) }), config, geo);
    expect(result.status).toBe('ok');
    expect(result.values).toEqual([value]);
  });
});

describe('the login sample of the original processor tests (§2.7)', () => {
  const config = tables([{
    EventName: 'login',
    Columns: [column('sampling_factor', 'float'), column('distinct_id', 'varchar'), column('time', 'f@timestamp@unix'), column('client_time', 'f@timestamp@unix')],
  }]);

  it('writes the expected line', () => {
    const props = properties({
      mixpanel_distinct_id: 'ffffffff45ac4e6ba46b367960c5aa40', sampling_factor: num('0.1500000059604645'),
      distinct_id: 'FFFF8047-0398-40FF-FF89-5B3FFFFFF0E7', time: num('1380585602'), logged_in: true,
    });
    const result = transformEvent(edgeEvent({ properties: props }), config, geo);
    expect(result.status).toBe('ok');
    expect(spadeRow(result.values!)).toBe('"0.1500000059604645"\t"FFFF8047-0398-40FF-FF89-5B3FFFFFF0E7"\t"2013-10-17 11:05:55"\t"2013-09-30 17:00:02"');
  });

  it('writes empty properties as a skipped column', () => {
    const result = transformEvent(edgeEvent({ properties: properties({}) }), config, geo);
    expect(result.status).toBe('skipped_column');
    expect(spadeRow(result.values!)).toBe('""\t""\t"2013-10-17 11:05:55"\t""');
  });
});

describe('injected properties (§3.3)', () => {
  const config = tables([{
    EventName: 'login',
    Columns: [column('time', 'f@timestamp@unix-utc'), column('client_time', 'f@timestamp@unix-utc'), column('ip', 'varchar'), column('user_agent', 'varchar')],
  }]);
  const run = (props: Record<string, JsonValue>, fields: Partial<EdgeEvent> = {}) =>
    transformEvent(edgeEvent({ properties: properties(props), userAgent: 'Edge/2.0', ...fields }), config, geo);

  it('uses the server time for time and moves the client time to client_time', () => {
    const result = run({ time: num('1380585602') });
    expect(result.values!.slice(0, 2)).toEqual(['2013-10-17 18:05:55', '2013-10-01 00:00:02']);
  });

  it('lets the client time overwrite a client_time the client sent', () => {
    expect(run({ time: num('1380585602'), client_time: num('1380000000') }).values![1]).toBe('2013-10-01 00:00:02');
  });

  it('keeps a client_time sent without time', () => {
    expect(run({ client_time: num('1380000000') }).values![1]).toBe('2013-09-24 05:20:00');
  });

  it('has no client_time when the client sent neither', () => {
    const result = run({});
    expect(result.values![1]).toBeNull();
    expect(result.reason).toBe('column "client_time": property not found');
  });

  it('fails the time column when the server time is out of range', () => {
    const result = run({ client_time: num('1380000000') }, { serverTime: '-62135596800' });
    expect(result.values![0]).toBeNull();
    expect(result.reason).toBe('column "time": unix timestamp out of range [1000000000, 13140000000]');
  });

  it.each<[string, Record<string, JsonValue>, string, string | null]>([
    ['the edge IP when the client sent none', {}, '10.1.40.26', '10.1.40.26'],
    ['the edge IP as Go prints a missing one', {}, '<nil>', '<nil>'],
    ['the client IP verbatim', { ip: '::FFFF:10.0.0.1' }, '10.1.40.26', '::FFFF:10.0.0.1'],
    ['an empty client IP', { ip: '' }, '10.1.40.26', ''],
    ['a null client IP, which fails the column', { ip: null }, '10.1.40.26', null],
  ])('ip is %s', (_name, props, clientIp, expected) => {
    expect(run(props, { clientIp }).values![2]).toBe(expected);
  });

  it.each<[string, Record<string, JsonValue>, string, string | null]>([
    ['the client value when present', { user_agent: 'Client/1.0' }, 'Edge/2.0', 'Client/1.0'],
    ['the edge user agent when absent', {}, 'Edge/2.0', 'Edge/2.0'],
    ['missing when absent and the edge has none', {}, '', null],
    ['a failed column when the client sent null', { user_agent: null }, 'Edge/2.0', null],
  ])('user_agent is %s', (_name, props, userAgent, expected) => {
    expect(run(props, { userAgent }).values![3]).toBe(expected);
  });

  it('does not change the event properties', () => {
    const props = properties({ time: num('1380585602') });
    transformEvent(edgeEvent({ properties: props }), config, geo);
    expect(Object.keys(props)).toEqual(['time']);
  });
});

describe('outcomes other than a row', () => {
  it('passes a decoding failure through', () => {
    const failure = { kind: 'malformed' as const, reason: 'base64: illegal character at offset 12' };
    expect(transformEvent(edgeEvent({ failure, name: 'login' }), LOGIN_CONFIG, geo)).toEqual({
      status: 'malformed', version: 42, reason: 'base64: illegal character at offset 12', uuid: 'uuid1', name: 'login',
    });
  });

  it('reports an empty event name as an empty request of table Unknown', () => {
    expect(transformEvent(edgeEvent({ name: '', properties: kaiProperties() }), LOGIN_CONFIG, geo)).toEqual({
      status: 'empty', table: 'Unknown', version: 0, reason: 'empty event name', uuid: 'uuid1', name: '',
    });
  });

  it('dumps a non-tracked event as compact JSON', () => {
    expect(transformEvent(edgeEvent({ name: 'NotTracked', properties: kaiProperties() }), LOGIN_CONFIG, geo)).toEqual({
      status: 'nontracked', version: 0, uuid: 'uuid1', name: 'NotTracked',
      nontracked: '{"event":"NotTracked","properties":{"times":42,"fraction":0.1234,"name":"kai.hayashi","now":1382033155,"id":42}}',
    });
  });

  it('escapes like Go json.Marshal in a re-serialized dump', () => {
    const props = properties({ html: '<a href="x">&</a>', ctl: '\u0001\n\t', sep: '\u2028', list: [num('1.0'), null, true] });
    expect(transformEvent(edgeEvent({ name: 'a<b', properties: props }), LOGIN_CONFIG, geo).nontracked).toBe(
      '{"event":"a\\u003cb","properties":{"html":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e","ctl":"\\u0001\\n\\t","sep":"\\u2028","list":[1.0,null,true]}}',
    );
  });

  it('dumps the properties text as it came when the decoder kept it', async () => {
    const raw = await fs.readFile(path.join(__dirname, '..', '..', '..', 'fixtures', 'spade', 'latest', 'processor', 'test_resources', 'expected_byte_buffer.txt'));
    const result = transformEvent(edgeEvent({ name: 'NotTracked', properties: properties({}), rawProperties: raw.subarray(0, raw.lastIndexOf('}') + 1) }), LOGIN_CONFIG, geo);
    expect(result.nontracked).toBe(
      '{"event":"NotTracked","properties":{"mixpanel_distinct_id":"ffffffff45ac4e6ba46b367960c5aa40","$region":"New York",' +
        '"source":"iphone_t","sampling_factor":0.1500000059604645,"player":"iphone_t","born":false,' +
        '"distinct_id":"FFFF8047-0398-40FF-FF89-5B3FFFFFF0E7","$city":"Buffalo","platform":"iPhone 5",' +
        '"system-version":"iPhone OS 7.0.2","time":1380585602,"logged_in":true,"app_version":"iOS 2.3.7 20130827","mp_country_code":"US"}}',
    );
  });

  it.each<[string, JsonValue | undefined, string]>([
    ['missing', undefined, '{"event":"other","properties":null}'],
    ['null', null, '{"event":"other","properties":null}'],
    ['an array', [num('1')], '{"event":"other","properties":[1]}'],
    ['a string', 'x', '{"event":"other","properties":"x"}'],
  ])('dumps non-tracked %s properties as they are', (_name, props, dump) => {
    expect(transformEvent(edgeEvent({ name: 'other', properties: props }), LOGIN_CONFIG, geo).nontracked).toBe(dump);
  });

  it.each<[string, JsonValue | undefined, string]>([
    ['missing', undefined, 'properties missing'],
    ['an array', [kaiProperties()], 'properties is not an object'],
    ['a number', num('42'), 'properties is not an object'],
    ['a string', '{}', 'properties is not an object'],
  ])('reports tracked events whose properties are %s as empty requests (Unknown.v<version>)', (_name, props, reason) => {
    expect(transformEvent(edgeEvent({ properties: props }), LOGIN_CONFIG, geo)).toEqual({
      status: 'empty', table: 'Unknown', version: 42, reason, uuid: 'uuid1', name: 'login',
    });
  });

  it('reports null properties of a tracked event as the original panic: malformed, uuid error', () => {
    expect(transformEvent(edgeEvent({ properties: null }), LOGIN_CONFIG, geo)).toEqual({
      status: 'malformed', version: 42, reason: 'properties is null (the original panicked)', uuid: 'error', name: 'login',
    });
  });
});
