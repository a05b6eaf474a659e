import { JsonNumber, JsonValue } from '@spade/events';
import { emptyGeoIp, getTransformer, toTransformResult, TRANSFORMER_NAMES } from '@spade/transform';

// Expected values come from the original's tests (transformer/redshift_types_test.go), the
// reference's §4.3 and §11, and Go 1.19 runs of the original transformer code.
const num = (text: string) => new JsonNumber(text);
const geo = emptyGeoIp();
const FAIL = Symbol('fails');
type Expected = string | typeof FAIL;

function run(transformer: string, input: JsonValue) {
  const transform = getTransformer(transformer);
  if (!transform) throw new Error(`no transformer ${transformer}`);
  return toTransformResult(transform(input, geo));
}

function expectOutcome(transformer: string, input: JsonValue, expected: Expected) {
  const result = run(transformer, input);
  if (expected === FAIL) expect(result).toEqual({ error: expect.any(String) });
  else expect(result).toEqual({ value: expected });
}

describe('int', () => {
  it.each<[JsonValue, Expected]>([
    [num('42'), '42'], ['42', '42'], ['2147483647', '2147483647'], ['-2147483648', '-2147483648'],
    [num('2147483647'), '2147483647'], [num('-2147483648'), '-2147483648'],
    ['+42', '42'], ['0042', '42'], ['-0', '0'], [num('-0'), '0'], ['000000000000000000000000000001', '1'],
    ['-10707512961', FAIL], ['2147483648', FAIL], ['-2147483649', FAIL], [num('2147483648'), FAIL],
    [num('42.2'), FAIL], [num('42.0'), FAIL], [num('1e3'), FAIL], [null, FAIL], ['hashs', FAIL], ['12hs', FAIL],
    ['', FAIL], ['+', FAIL], [' 42', FAIL], ['42 ', FAIL], ['4_2', FAIL], ['0x2a', FAIL], [true, FAIL], [[num('1')], FAIL],
  ])('%p → %p', (input, expected) => expectOutcome('int', input, expected));

  it('says whether the text or the range was wrong', () => {
    expect(run('int', '12hs')).toEqual({ error: 'not an int' });
    expect(run('int', '2147483648')).toEqual({ error: 'out of range for int' });
  });
});

describe('bigint', () => {
  it.each<[JsonValue, Expected]>([
    [num('42'), '42'], ['42', '42'], ['-10707512961', '-10707512961'],
    ['9223372036854775807', '9223372036854775807'], ['-9223372036854775808', '-9223372036854775808'],
    [num('9223372036854775807'), '9223372036854775807'], ['-0009223372036854775808', '-9223372036854775808'],
    ['9223372036854775808', FAIL], ['-9223372036854775809', FAIL], ['99999999999999999999', FAIL],
    [num('42.2'), FAIL], [null, FAIL], ['hashs', FAIL], ['12hs', FAIL], [false, FAIL],
  ])('%p → %p', (input, expected) => expectOutcome('bigint', input, expected));
});

describe('float', () => {
  it.each<[string, Expected]>([
    ['1.234', '1.234'], ['1234.0', '1234'], ['1234', '1234'], ['-12.34', '-12.34'],
    ['1e311', FAIL], ['-1e311', FAIL], ['1e-311', '0'], ['-1e-311', '0'], ['5e-324', '0'], ['9.9e-300', '0'],
    ['1e20', '100000000000000000000'], ['1e21', '1000000000000000000000'], ['1e-7', '0.0000001'], ['1e-6', '0.000001'],
    ['0.1234', '0.1234'], ['0.1500000059604645', '0.1500000059604645'], ['0.000001234', '0.000001234'],
    ['123456789012345678901234567890', '123456789012345680000000000000'],
    ['-0', '0'], ['0', '0'], ['-.5', '-0.5'], ['1.', '1'],
  ])('number literal %s → %p', (literal, expected) => expectOutcome('float', num(literal), expected));

  it.each<[string, Expected]>([
    ['1234.0', '1234'], ['-12.34', '-12.34'], ['1e311', FAIL], ['-1e311', FAIL], ['1e-311', '0'], ['-1e-311', '0'],
    ['1234.0000000000000000000000000000000000000000000000000000000000001', '1234'],
    ['NaN', ''], ['nan', ''], ['Inf', '+Inf'], ['+inf', '+Inf'], ['-Infinity', '-Inf'], ['INFINITY', '+Inf'],
    ['infinit', FAIL], ['+nan', FAIL], ['0x1.8p1', '3'], ['0x1p-2', '0.25'], ['0x1p1024', FAIL],
    ['1_000.5', '1000.5'], ['1__0', FAIL], ['_1', FAIL], ['1e', FAIL], ['abc', FAIL], ['', FAIL], [' 1', FAIL],
  ])('string %p → %p', (text, expected) => expectOutcome('float', text, expected));

  it('writes the largest double in full, without an exponent', () => {
    expect(run('float', num('1.7976931348623157e308'))).toEqual({ value: '17976931348623157' + '0'.repeat(292) });
  });

  it.each<[JsonValue]>([[null], [true], [[num('1')]]])('rejects %p', (input) => expectOutcome('float', input, FAIL));
});

describe('varchar', () => {
  it.each<[JsonValue, Expected]>([
    ['tests', 'tests'], ['test\n', 'test\n'], ['test\t', 'test\t'], ['testss', 'testss'], ['', ''],
    [num('1234.0'), FAIL], [null, FAIL], [true, FAIL],
  ])('%p → %p', (input, expected) => expectOutcome('varchar', input, expected));
});

describe('bool', () => {
  it.each<[JsonValue, Expected]>([
    [true, 'true'], [false, 'false'], [num('1'), 'true'], [num('0'), 'false'],
    ['true', FAIL], ['asd', FAIL], ['1', FAIL], ['0', FAIL], [num('1.0'), FAIL], [num('2'), FAIL], [num('-0'), FAIL], [null, FAIL],
  ])('%p → %p', (input, expected) => expectOutcome('bool', input, expected));
});

describe('f@timestamp@unix (Pacific time)', () => {
  it.each<[string, Expected]>([
    ['1382033155.045', '2013-10-17 11:05:55.045'],
    ['1382033155', '2013-10-17 11:05:55'],
    ['1382033155.1239', '2013-10-17 11:05:55.123'],
    ['1382033155.001', '2013-10-17 11:05:55'], // float error truncates the millisecond away (§4.3)
    ['1382033155.5', '2013-10-17 11:05:55.5'],
    ['138203315', FAIL],
    // float64 arithmetic, truncated (§11)
    ['1509872400.3', '2017-11-05 01:00:00.299'],
    ['1509872400.1', '2017-11-05 01:00:00.099'],
    ['1509872400.001', '2017-11-05 01:00:00'],
    ['1509872400.9999999', '2017-11-05 01:00:01'],
    // spring forward 2017-03-12 (10:00 UTC) and fall back 2017-11-05 (09:00 UTC)
    ['1489312799', '2017-03-12 01:59:59'], ['1489312800', '2017-03-12 03:00:00'],
    ['1509872399', '2017-11-05 01:59:59'], ['1509872400', '2017-11-05 01:00:00'],
    // the 1987–2006 rules: 2006-04-02 and 2006-10-29
    ['1143971999', '2006-04-02 01:59:59'], ['1143972000', '2006-04-02 03:00:00'],
    ['1162112399', '2006-10-29 01:59:59'], ['1162112400', '2006-10-29 01:00:00'],
    // bounds [1e9, 13140000000] on the whole seconds
    ['1000000000', '2001-09-08 18:46:40'], ['1e9', '2001-09-08 18:46:40'], ['999999999.9', FAIL],
    ['13140000000', '2386-05-23 01:00:00'], ['13140000000.5', '2386-05-23 01:00:00.5'], ['13140000001', FAIL],
    ['4102444800', '2099-12-31 16:00:00'], ['1e400', FAIL],
  ])('%s → %p', (literal, expected) => expectOutcome('f@timestamp@unix', num(literal), expected));

  it.each<[JsonValue]>([['asd'], ['1382033155'], [null], [true]])('rejects non-number %p', (input) =>
    expectOutcome('f@timestamp@unix', input, FAIL));
});

describe('f@timestamp@unix-utc', () => {
  it.each<[string, Expected]>([
    ['1382033155.045', '2013-10-17 18:05:55.045'], ['1382033155', '2013-10-17 18:05:55'],
    ['1509872400.3', '2017-11-05 09:00:00.299'], ['138203315', FAIL],
  ])('%s → %p', (literal, expected) => expectOutcome('f@timestamp@unix-utc', num(literal), expected));

  it('rejects strings', () => expectOutcome('f@timestamp@unix-utc', 'asd', FAIL));
});

describe('f@timestamp@<Go layout>', () => {
  it.each<[string, string, Expected]>([
    ['2006-01-02 15:04:05', '2013-10-17 11:05:55', '2013-10-17 11:05:55'],
    ['2006-01-02 15:04:05', '2013-10-17 105:55', FAIL],
    ['2006-01-02 15:04:05', '2017-03-12 02:30:00', '2017-03-12 01:30:00'], // spring-forward gap (§11)
    ['2006-01-02 15:04:05', '2017-03-12 02:30:00.123456', '2017-03-12 01:30:00.123'],
    ['2006-01-02 15:04:05', '2017-11-05 01:30:00', '2017-11-05 01:30:00'],
    ['2006-01-02 15:04:05', '1948-03-14 02:30:00', '1948-03-14 01:30:00'],
    ['2006-01-02 15:04:05', '2017-02-29 10:00:00', FAIL],
    ['2006-01-02 15:04:05', '2006-01-02 15:04:.5', '2006-01-02 15:04:00.5'],
    ['2006-01-02 15:04:05', '2006-01-02  15:04:05', '2006-01-02 15:04:05'],
    ['2006-01-02 15:04:05', '2006-01-02 15:04:05 ', FAIL],
    ['2006-01-02T15:04:05Z07:00', '2017-03-12T02:30:00Z', '2017-03-12 02:30:00'],
    ['2006-01-02T15:04:05Z07:00', '2017-03-12T02:30:00-08:00', '2017-03-12 02:30:00'],
    ['2006-01-02 15:04:05 MST', '2017-07-01 12:00:00 PST', '2017-07-01 13:00:00'],
    ['2006-01-02 15:04:05 MST', '2017-01-01 12:00:00 PDT', '2017-01-01 11:00:00'],
    ['2006-01-02 15:04:05 MST', '2017-07-01 12:00:00 CEST', '2017-07-01 12:00:00'],
    ['2006-01-02 15:04:05 MST', '2017-07-01 12:00:00 GMT+3', '2017-07-01 15:00:00'],
    ['Mon Jan _2 15:04:05 MST 2006', 'Tue Mar 12 02:30:00 PST 2019', '2019-03-12 03:30:00'],
    ['January 2, 2006 3:04pm', 'march 12, 2017 2:30am', '2017-03-12 01:30:00'],
    ['2006-01-02 03:04:05PM', '2006-01-02 12:04:05AM', '2006-01-02 00:04:05'],
    ['2006-002', '2016-060', '2016-02-29 00:00:00'],
    ['2006-002', '2017-366', FAIL],
    ['2006-01-02 15:04:05.000', '2017-01-02 15:04:05.12', FAIL],
    ['2006-01-02 15:04:05.999', '2017-01-02 15:04:05.1204', '2017-01-02 15:04:05.12'],
    ['15:04', '15:04', '0000-01-01 15:04:00'],
  ])('layout %j parses %j → %p', (layout, value, expected) => expectOutcome(`f@timestamp@${layout}`, value, expected));

  it('uses only the third @-separated part as the layout', () => {
    expectOutcome('f@timestamp@2006@01', '2017', '2017-01-01 00:00:00');
    expectOutcome('f@timestamp@2006@01', '2017@01', FAIL);
  });

  it('rejects non-strings', () => expectOutcome('f@timestamp@2006-01-02 15:04:05', num('1382033155'), FAIL));
});

describe('stringToIntegerMD5', () => {
  it.each<[JsonValue, Expected]>([
    ['asd', '2014669166'], ['', '3558706393'], ['日本', '1304351462'], [num('1'), FAIL], [null, FAIL],
  ])('%p → %p', (input, expected) => expectOutcome('stringToIntegerMD5', input, expected));
});

describe('GeoIP transformers', () => {
  it.each(['ipCity', 'ipCountry', 'ipRegion', 'ipAsn', 'ipAsnInteger'])('%s rejects non-strings', (name) => {
    expectOutcome(name, num('1'), FAIL);
    expectOutcome(name, null, FAIL);
  });

  it('gives empty values without databases, and ipAsnInteger fails', () => {
    expectOutcome('ipCity', '81.2.69.142', '');
    expectOutcome('ipAsn', '81.2.69.142', '');
    expectOutcome('ipAsnInteger', '81.2.69.142', FAIL);
  });
});

describe('getTransformer', () => {
  it.each(['int8', 'userIDWithMapping', '', 'f', 'f@timestamp', 'f@date@unix', 'Int', 'varchar(32)'])('does not know %j', (name) => {
    expect(getTransformer(name)).toBeUndefined();
  });

  it('accepts any f-prefixed name whose second @-part is timestamp, like the original', () => {
    expectOutcome('foo@timestamp@unix', num('1382033155'), '2013-10-17 11:05:55');
  });

  it('lists the names blueprint offers (without the lookup transformer)', () => {
    expect([...TRANSFORMER_NAMES].sort()).toEqual([
      'bigint', 'bool', 'f@timestamp@unix', 'f@timestamp@unix-utc', 'float', 'int', 'ipAsn', 'ipAsnInteger',
      'ipCity', 'ipCountry', 'ipRegion', 'stringToIntegerMD5', 'varchar',
    ]);
  });
});
