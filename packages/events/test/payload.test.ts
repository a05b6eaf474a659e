import { readFileSync } from 'fs';
import { join } from 'path';
import { decodeJson, decodePayload, JsonNumber, PayloadError, PayloadEvent } from '@spade/events';

const FIXTURES = join(__dirname, '../../../fixtures/spade');
const fixtureText = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8').trim();

/** The base64 payload of a JSON text, as a client sends it. */
const payloadOf = (json: string): Buffer => Buffer.from(Buffer.from(json, 'utf8').toString('base64'));

const decode = (json: string): PayloadEvent[] => decodePayload(payloadOf(json));

function payloadError(data: Buffer): string {
  try {
    decodePayload(data);
  } catch (error) {
    if (error instanceof PayloadError) return error.reason;
    throw error;
  }
  throw new Error(`expected a payload error for ${data.toString('latin1')}`);
}

describe('decodePayload: the fixtures of parser/test_resources', () => {
  const expectedProperties = decodeJson(Buffer.from(fixtureText('latest/parser/test_resources/properties.json')));

  it.each([
    ['b64payload.txt', 'standard alphabet, padded'],
    ['urlsafeb64payload.txt', 'URL-safe alphabet'],
    ['b64payload_space.txt', "'+' turned into spaces"],
  ])('%s (%s) decodes to the login event with properties.json', (file) => {
    const events = decodePayload(Buffer.from(fixtureText(`latest/parser/test_resources/${file}`)));
    expect(events).toHaveLength(1);
    expect(events[0].name).toBe('login');
    expect(events[0].properties).toEqual(expectedProperties);
    expect((events[0].properties as Record<string, unknown>).app_version).toBe('(✿☯‿☯✿)(✿☯‿☯✿)(✿☯‿☯✿)');
    expect((events[0].properties as Record<string, unknown>).sampling_factor).toEqual(new JsonNumber('0.1500000059604645'));
  });

  it('decodes multievent_b64.txt (an array of two login events)', () => {
    const events = decodePayload(Buffer.from(fixtureText('latest/parser/test_resources/multievent_b64.txt')));
    expect(events.map((e) => e.name)).toEqual(['login', 'login']);
  });

  it('decodes json/test_resources/multievent_b64.txt (two different events)', () => {
    const events = decodePayload(Buffer.from(fixtureText('latest/parser/json/test_resources/multievent_b64.txt')));
    expect(events.map((e) => [e.name, e.properties, e.rawProperties?.toString()])).toEqual([
      ['video-play', { platform: 'testingclient' }, '{"platform": "testingclient"}'],
      ['minute-watched', { channel: 'twitch' }, '{"channel": "twitch"}'],
    ]);
  });

  it('rejects the data "ip=1" (decode_test.go)', () => {
    expect(payloadError(Buffer.from('ip=1'))).toBe('data: illegal base64 data at input byte 2');
  });
});

describe('decodePayload: steps and their errors', () => {
  it('URL-unescapes before decoding', () => {
    expect(decodePayload(Buffer.from('eyJldmVudCI6ImhlbGxvIn0%3D'))[0].name).toBe('hello');
  });

  it.each([
    ['a bad URL escape', 'eyJldmVudCI6ImhlbGxvIn0%zz', 'data: invalid URL escape "%zz"'],
    ['missing padding', 'eyJldmVudCI6ImhlbGxvIn0', 'data: illegal base64 data at input byte 20'],
    ['a leading space (space alphabet)', ' eyJldmVudCI6ImhlbGxvIn0=', 'data: illegal base64 data at input byte 24'],
    ['an empty payload', '', 'payload is not valid JSON: unexpected end of JSON input at byte 0'],
    ['garbage bytes', 'Qw3notreally', "payload is not valid JSON: invalid character 'C' looking for beginning of value at byte 0"],
  ])('reports %s', (_name, data, reason) => {
    expect(payloadError(Buffer.from(data))).toBe(reason);
  });
});

describe('decodePayload: single event or array', () => {
  it('decodes one event object', () => {
    expect(decode('{"event":"login","properties":{"a":1}}')).toEqual([
      { name: 'login', properties: { a: new JsonNumber('1') }, rawProperties: Buffer.from('{"a":1}') },
    ]);
  });

  it('decodes {"event" :"login"} (eyJldmVudCIgOiJsb2dpbiJ9) without properties', () => {
    expect(decodePayload(Buffer.from('eyJldmVudCIgOiJsb2dpbiJ9'))).toEqual([{ name: 'login', properties: undefined, rawProperties: undefined }]);
  });

  it('decodes an array that starts with exactly "[{"', () => {
    expect(decode('[{"event":"a"},{"event":"b"} , {"event":"c"}]').map((e) => e.name)).toEqual(['a', 'b', 'c']);
  });

  it('keeps null array elements as empty events (Go leaves the struct empty)', () => {
    expect(decode('[{"event":"a"},null]')).toEqual([
      { name: 'a', properties: undefined, rawProperties: undefined },
      { name: '', properties: undefined, rawProperties: undefined },
    ]);
  });

  it('decodes the JSON literal null as one event with an empty name', () => {
    expect(decode('null')).toEqual([{ name: '', properties: undefined, rawProperties: undefined }]);
  });

  it('accepts whitespace around a single event', () => {
    expect(decode(' \n{"event":"a"}\n ')[0].name).toBe('a');
  });

  it.each([
    ['[ {"event":"a"}]', 'payload: a JSON array that does not start with exactly "[{" is not an event object'],
    [' [{"event":"a"}]', 'payload: a JSON array that does not start with exactly "[{" is not an event object'],
    ['[]', 'payload: a JSON array that does not start with exactly "[{" is not an event object'],
    ['[1]', 'payload: a JSON array that does not start with exactly "[{" is not an event object'],
    ['[{"event":"a"},1]', 'payload: element 1 of the event array is not an event object'],
    ['[{"event":"a"},[]]', 'payload: element 1 of the event array is not an event object'],
    ['"login"', 'payload: the payload is not an event object'],
    ['42', 'payload: the payload is not an event object'],
    ['[{"event":"a"},]', "payload is not valid JSON: invalid character ']' looking for beginning of value at byte 15"],
    ['{"event":"a"} {}', "payload is not valid JSON: invalid character '{' after top-level value at byte 14"],
  ])('rejects %s', (json, reason) => {
    expect(payloadError(payloadOf(json))).toBe(reason);
  });
});

describe('decodePayload: event objects (Go struct rules for event / properties)', () => {
  it('matches "event" and "properties" case-insensitively, with Go folding ſ to s', () => {
    expect(decode('{"EVENT":"a","Properties":{"x":true}}')[0]).toMatchObject({ name: 'a', properties: { x: true } });
    expect(decode('{"Event":"a","propertieſ":{"x":true}}')[0]).toMatchObject({ name: 'a', properties: { x: true } });
  });

  it('lets the last key win; null leaves the name unchanged but replaces properties', () => {
    expect(decode('{"event":"a","Event":"b"}')[0].name).toBe('b');
    expect(decode('{"event":"a","event":null}')[0].name).toBe('a');
    expect(decode('{"properties":{"x":1},"PROPERTIES":null}')[0]).toEqual({ name: '', properties: null, rawProperties: Buffer.from('null') });
  });

  it.each([
    ['an array', '[1,"a"]', [new JsonNumber('1'), 'a']],
    ['a scalar', '"text"', 'text'],
    ['a number', '1.50', new JsonNumber('1.50')],
    ['null', 'null', null],
  ])('keeps properties that are %s as given', (_name, raw, expected) => {
    const [event] = decode(`{"event":"e","properties": ${raw} }`);
    expect(event.properties).toEqual(expected);
    expect(event.rawProperties?.toString()).toBe(raw);
  });

  it('keeps the raw properties text exactly as sent (whitespace, escapes, key order)', () => {
    const raw = '{ "b" : "\\u003c", "a":[1, 2.0] , "b":1 }';
    expect(decode(`{"properties":${raw},"event":"x"}`)[0].rawProperties?.toString()).toBe(raw);
  });

  it('ignores other keys, including internal field names', () => {
    expect(decode('{"event":"a","uuid":5,"failure":3,"other":{"deep":[1]}}')).toEqual([{ name: 'a', properties: undefined, rawProperties: undefined }]);
  });

  it.each(['5', 'true', '{}', '["a"]'])('fails when "event" is %s', (value) => {
    expect(payloadError(payloadOf(`{"event":${value}}`))).toBe('payload: "event" is not a string');
  });
});
