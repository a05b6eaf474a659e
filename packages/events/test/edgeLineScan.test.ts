import { Base64Error, EdgeLineScanner, JsonSyntaxError } from '@spade/events';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const PAYLOAD = '{"event":"login","properties":{"a":">>>?"}}'; // its base64 has '+' and '/'
const line = (fields: string) => Buffer.from(`{${fields}}`, 'utf8');
const TYPICAL = `"receivedAt":"2013-10-17T18:05:55.338Z","clientIp":"10.1.40.26","xForwardedFor":"1.2.3.4, 10.1.40.26","uuid":"uuid1","data":"${b64(PAYLOAD)}","userAgent":"Agent/1.0","recordversion":3,"edgeType":"internal"`;

describe('EdgeLineScanner', () => {
  it('reads the fields a row needs from a typical line', () => {
    const scanner = new EdgeLineScanner();
    expect(scanner.scan(line(TYPICAL))).toBe(true);
    expect([scanner.uuid(), scanner.serverTime, scanner.clientIp(), scanner.userAgent()]).toEqual(['uuid1', '1382033155', '10.1.40.26', 'Agent/1.0']);
    expect(scanner.data.toString()).toBe(b64(PAYLOAD));
    expect(scanner.payload()!.toString()).toBe(PAYLOAD);
  });

  it('gives the defaults of missing fields', () => {
    const scanner = new EdgeLineScanner();
    expect(scanner.scan(line(`"data":"${b64(PAYLOAD)}"`))).toBe(true);
    expect([scanner.uuid(), scanner.serverTime, scanner.clientIp(), scanner.userAgent()]).toEqual(['', '-62135596800', '<nil>', '']);
  });

  it('prints the client IP as Go does, and an empty one as <nil>', () => {
    const scanner = new EdgeLineScanner();
    scanner.scan(line('"clientIp":"2001:DB8:0:0:0:0:0:1"'));
    expect(scanner.clientIp()).toBe('2001:db8::1');
    scanner.scan(line('"clientIp":""'));
    expect(scanner.clientIp()).toBe('<nil>');
  });

  it('gives a plain dotted quad as a 32-bit number too, and -1 for any other address', () => {
    const scanner = new EdgeLineScanner();
    const ipv4 = (clientIp: string) => (scanner.scan(line(`"clientIp":${JSON.stringify(clientIp)}`)), [scanner.clientIpv4, scanner.clientIp()]);
    expect(ipv4('10.1.40.26')).toEqual([0x0a01281a, '10.1.40.26']);
    expect(ipv4('255.255.255.255')).toEqual([0xffffffff, '255.255.255.255']);
    expect(ipv4('0.0.0.0')).toEqual([0, '0.0.0.0']);
    expect(ipv4('::ffff:1.2.3.4')).toEqual([-1, '1.2.3.4']); // Go prints it as IPv4, but it was not sent as a dotted quad
    expect(ipv4('')).toEqual([-1, '<nil>']);
    expect(ipv4('1.2.3.4')).toEqual([0x01020304, '1.2.3.4']);
  });

  it('decodes the user agent only when asked, with its escapes', () => {
    const scanner = new EdgeLineScanner();
    scanner.scan(line('"userAgent":"A\\tB \\u00e9"'));
    expect(scanner.userAgent()).toBe('A\tB é');
  });

  it.each([
    ['URL-escaped', b64(PAYLOAD).replace(/\+/g, '%2B').replace(/=/g, '%3D')],
    ['URL-safe', b64(PAYLOAD).replace(/\+/g, '-').replace(/\//g, '_')],
    ['space alphabet', b64(PAYLOAD).replace(/\+/g, ' ')],
  ])('decodes %s data through the exact decoder', (_name, data) => {
    const scanner = new EdgeLineScanner();
    expect(scanner.scan(line(`"data":"${data}"`))).toBe(true);
    expect(scanner.payload()!.toString()).toBe(PAYLOAD);
  });

  it('answers null for unchecked data that is not a plain JSON string', () => {
    const scanner = new EdgeLineScanner();
    expect(scanner.scan(line('"data":"eyJ\u0001"'))).toBe(true);
    expect(() => scanner.payload()).toThrow(JsonSyntaxError);
    expect(scanner.scan(Buffer.concat([Buffer.from('{"data":"eyJ'), Buffer.from([0xff]), Buffer.from('"}')]))).toBe(true);
    expect(scanner.payload()).toBeNull(); // invalid UTF-8: decodeEdgeLine decides
    expect(scanner.scan(line('"data":"eyJé"'))).toBe(true);
    expect(() => scanner.payload()).toThrow(Base64Error); // valid UTF-8 is data as it is
  });

  it.each([
    ['a folded field name', '"UUID":"x"'],
    ['an escaped field name', '"u\\u0075id":"x"'],
    ['a null field', '"uuid":null'],
    ['a numeric string field', '"edgeType":1'],
    ['a bad client IP', '"clientIp":"1.2.3"'],
    ['a client IP with a leading zero', '"clientIp":"01.2.3.4"'],
    ['a client IP with an octet over 255', '"clientIp":"1.2.3.256"'],
    ['a bad time', '"receivedAt":"today"'],
    ['an escaped time', '"receivedAt":"2013-10-17T18:05:55\\u002e338Z"'],
    ['a fractional recordversion', '"recordversion":3.0'],
    ['a huge recordversion', '"recordversion":9999999999999999999'],
    ['escaped data', `"data":"\\u0065${b64(PAYLOAD).slice(1)}"`],
    ['data given twice', `"data":"${b64(PAYLOAD)}","data":"${b64(PAYLOAD)}"`],
  ])('leaves a line with %s to decodeEdgeLine', (_name, fields) => {
    expect(new EdgeLineScanner().scan(line(fields))).toBe(false);
  });

  it.each([
    ['trailing garbage', `{${TYPICAL}}x`],
    ['a missing comma', '{"uuid":"a" "data":"b"}'],
    ['an unterminated string', '{"uuid":"a'],
  ])('throws JsonSyntaxError for %s', (_name, text) => {
    expect(() => new EdgeLineScanner().scan(Buffer.from(text))).toThrow(JsonSyntaxError);
  });
});
