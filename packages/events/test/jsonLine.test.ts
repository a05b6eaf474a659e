import { readFileSync } from 'fs';
import { join } from 'path';
import { decodeEdgeLine, EdgeLine, EdgeLineError, firstForwardedIpIsValid, JsonSyntaxError } from '@spade/events';

const FIXTURES = join(__dirname, '../../../fixtures/spade');
const fixtureLine = (path: string): Buffer => Buffer.from(readFileSync(join(FIXTURES, path), 'utf8').trimEnd());

const decode = (json: string): EdgeLine => decodeEdgeLine(Buffer.from(json, 'utf8'));

function lineError(json: string | Buffer): EdgeLineError {
  try {
    decodeEdgeLine(typeof json === 'string' ? Buffer.from(json, 'utf8') : json);
  } catch (error) {
    if (error instanceof EdgeLineError) return error;
    throw error;
  }
  throw new Error(`expected an EdgeLineError for ${json}`);
}

const EMPTY_LINE = {
  uuid: '',
  receivedAt: -62135596800,
  clientIp: '<nil>',
  userAgent: '',
  edgeType: '',
  xForwardedFor: '',
  recordVersion: 0,
};

describe('decodeEdgeLine: the fixtures', () => {
  it('decodes processor/test_resources/sample_logline.txt', () => {
    const line = decodeEdgeLine(fixtureLine('latest/processor/test_resources/sample_logline.txt'));
    expect({ ...line, data: line.data.toString() }).toEqual({
      uuid: 'uuid1',
      receivedAt: 1382033155,
      clientIp: '10.1.40.26',
      userAgent: '',
      edgeType: 'internal',
      xForwardedFor: '',
      recordVersion: 3,
      data: expect.stringMatching(/^eyJldmVudCI6ICJsb2dpbiIs.*X0=$/),
    });
    expect(line.data.length).toBe(604);
  });

  it('decodes parser/json/test_resources/broken_ip_data.json (v3 with X-Forwarded-For)', () => {
    const line = decodeEdgeLine(fixtureLine('latest/parser/json/test_resources/broken_ip_data.json'));
    expect(line).toMatchObject({ uuid: '123abc', receivedAt: 1418172623, clientIp: '10.0.0.1', xForwardedFor: '10.0.0., 10.0.0.1', recordVersion: 3, edgeType: 'internal' });
  });
});

describe('decodeEdgeLine: Go struct decoding rules', () => {
  it('gives Go zero values for missing fields (receivedAt → year 1, clientIp → <nil>)', () => {
    expect({ ...decode('{}'), data: '' }).toEqual({ ...EMPTY_LINE, data: '' });
    expect(decode('{"other": [1, {"x": null}], "more": "ignored"}')).toMatchObject(EMPTY_LINE);
  });

  it('treats a top-level null as an empty event, without error', () => {
    expect(decode(' null ')).toMatchObject(EMPTY_LINE);
  });

  it('matches keys case-insensitively, with Go folding ſ to s', () => {
    const line = decode(
      '{"UUID":"u","CLIENTIP":"1.2.3.4","ReceivedAt":"2014-12-10T00:50:23Z","DATA":"QUJD","uſerAgent":"ua","EDGETYPE":"external","recordverſion":4,"XFORWARDEDFOR":"x"}',
    );
    expect({ ...line, data: line.data.toString() }).toEqual({
      uuid: 'u',
      clientIp: '1.2.3.4',
      receivedAt: 1418172623,
      data: 'QUJD',
      userAgent: 'ua',
      edgeType: 'external',
      recordVersion: 4,
      xForwardedFor: 'x',
    });
  });

  it('does not match keys that only look alike', () => {
    expect(decode('{"uuid ":"a","u_uid":"b","uuidx":"c"}').uuid).toBe('');
  });

  it('lets a later duplicate key win, while null leaves a string field unchanged', () => {
    expect(decode('{"uuid":"a","UUID":"b"}').uuid).toBe('b');
    expect(decode('{"uuid":"a","uuid":null}').uuid).toBe('a');
    expect(decode('{"receivedAt":"2014-12-10T00:50:23Z","receivedAt":null}').receivedAt).toBe(1418172623);
  });

  it('resets clientIp to <nil> on null or an empty string', () => {
    expect(decode('{"clientIp":"1.2.3.4","clientIp":null}').clientIp).toBe('<nil>');
    expect(decode('{"clientIp":"1.2.3.4","clientIp":""}').clientIp).toBe('<nil>');
  });

  it.each([
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
  ])('prints clientIp %s as Go does: %s', (ip, expected) => {
    expect(decode(`{"clientIp":"${ip}"}`).clientIp).toBe(expected);
  });

  it('unescapes the data string like Go (escapes decoded, invalid UTF-8 → EF BF BD)', () => {
    expect(decode('{"data":"QU\\/J\\u0044"}').data.toString('latin1')).toBe('QU/JD');
    const withInvalid = Buffer.concat([Buffer.from('{"data":"A'), Buffer.from([0xff]), Buffer.from('B"}')]);
    expect(decodeEdgeLine(withInvalid).data).toEqual(Buffer.from([0x41, 0xef, 0xbf, 0xbd, 0x42]));
  });

  it('accepts recordversion integers in the int64 range', () => {
    expect(decode('{"recordversion":-0}').recordVersion).toBe(0);
    expect(decode('{"recordversion":9223372036854775807}').recordVersion).toBe(9223372036854775807);
  });
});

describe('decodeEdgeLine: failures', () => {
  it.each([
    ['a number for a string field', '{"uuid":5}', 'uuid is not a string'],
    ['an object for a string field', '{"data":{}}', 'data is not a string'],
    ['a bool for clientIp', '{"clientIp":true}', 'clientIp is not a string'],
    ['an unparseable clientIp', '{"clientIp":"10.0.0."}', 'clientIp is not an IP address: "10.0.0."'],
    ['a receivedAt without zone', '{"receivedAt":"2014-12-10T00:50:23"}', 'receivedAt is not an RFC 3339 time: "\\"2014-12-10T00:50:23\\""'],
    ['a numeric receivedAt', '{"receivedAt":1418172623}', 'receivedAt is not an RFC 3339 time: "1418172623"'],
    ['a fractional recordversion', '{"recordversion":3.0}', 'recordversion is not an int64'],
    ['an exponent recordversion', '{"recordversion":1e3}', 'recordversion is not an int64'],
    ['an out-of-range recordversion', '{"recordversion":9223372036854775808}', 'recordversion is not an int64'],
    ['a string recordversion', '{"recordversion":"3"}', 'recordversion is not a number'],
    ['a top-level array', '[{"uuid":"a"}]', 'the line is not a JSON object'],
  ])('fails on %s', (_name, json, reason) => {
    expect(lineError(json).reason).toBe(reason);
  });

  it('reports syntax errors as JsonSyntaxError, even after a field error', () => {
    expect(() => decode('{"uuid":"a",}')).toThrow(JsonSyntaxError);
    expect(() => decode('{"uuid":5,"data":"x"')).toThrow(JsonSyntaxError);
    expect(() => decode('{"uuid":"a"} {}')).toThrow(JsonSyntaxError);
  });

  it('keeps the edgeType decoded so far, as the original error event did', () => {
    // A wrong type is noted and decoding goes on: the last edgeType counts.
    expect(lineError('{"edgeType":"internal","uuid":5,"edgeType":"external"}').edgeType).toBe('external');
    // A clientIp or receivedAt parse error stops decoding at that field.
    expect(lineError('{"edgeType":"internal","clientIp":"bad","edgeType":"external"}').edgeType).toBe('internal');
    expect(lineError('{"receivedAt":"bad","edgeType":"external"}').edgeType).toBe('');
  });
});

describe('firstForwardedIpIsValid (the opt-in edge rejection of §2.3)', () => {
  it.each([
    ['10.0.0.1', true],
    ['10.0.0.1, 10.0.0.2', true],
    ['10.0.0.1,garbage', true],
    ['2001:db8::1, 10.0.0.1', true],
    ['10.0.0., 10.0.0.1', false],
    [' 10.0.0.1', false],
    ['', false],
    ['unknown', false],
  ])('%j → %s', (xForwardedFor, valid) => {
    expect(firstForwardedIpIsValid(xForwardedFor)).toBe(valid);
  });
});
