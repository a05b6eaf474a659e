import { compactJson, compactJsonBytes, decodeJson, JsonNumber, JsonParser, JsonSyntaxError, JsonValue } from '@spade/events';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

/** Decode a JSON string literal whose body is given as raw bytes. */
const decodeStringBody = (...body: (string | number[])[]): JsonValue => decodeJson(bytes('"', ...body, '"'));

function syntaxError(input: Buffer): JsonSyntaxError {
  try {
    decodeJson(input);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(input.toString('latin1'))}`);
}

describe('decodeJson: values', () => {
  it('keeps numbers as their literal text', () => {
    const value = decodeJson(bytes('[42, 42.0, 1e3, -0, 0.1500000059604645, 12345678901234567890]')) as JsonValue[];
    expect(value.map((n) => (n as JsonNumber).text)).toEqual(['42', '42.0', '1e3', '-0', '0.1500000059604645', '12345678901234567890']);
    expect(value[0]).toBeInstanceOf(JsonNumber);
  });

  it('decodes literals, nested containers and surrounding whitespace', () => {
    expect(decodeJson(bytes(' \t\r\n{"a":[true,false,null,{}],"b":{"c":[]}} \n'))).toEqual({ a: [true, false, null, {}], b: { c: [] } });
  });

  it('keeps the last of duplicate keys', () => {
    expect(decodeJson(bytes('{"a":1,"b":2,"a":"x"}'))).toEqual({ a: 'x', b: new JsonNumber('2') });
  });

  it('builds objects without inherited keys; __proto__ is an ordinary key', () => {
    const value = decodeJson(bytes('{"__proto__":{"polluted":true},"constructor":1}')) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const empty = decodeJson(bytes('{}')) as Record<string, unknown>;
    expect('toString' in empty).toBe(false);
    expect('hasOwnProperty' in empty).toBe(false);
  });

  it('accepts 10000 levels of nesting and rejects 10001 (Go scanner limit)', () => {
    expect(() => decodeJson(bytes('['.repeat(10000) + ']'.repeat(10000)))).not.toThrow();
    expect(syntaxError(bytes('['.repeat(10001) + ']'.repeat(10001))).reason).toBe('exceeded max depth');
  });
});

describe('decodeJson: strings (Go unquote rules)', () => {
  it.each([
    ['simple escapes', '\\"\\\\\\/\\b\\f\\n\\r\\t', '"\\/\b\f\n\r\t'],
    ['\\u escapes', '\\u0041\\u00e9\\u20AC', 'Aé€'],
    ['a valid surrogate pair', '\\uD83D\\uDE00', '😀'],
    ['a lone high surrogate', '\\uD800', '\ufffd'],
    ['a lone low surrogate', '\\uDC00', '\ufffd'],
    ['a high surrogate before a plain escape', '\\uD800\\u0041', '\ufffdA'],
    ['two high surrogates then a low one', '\\uD800\\uD83D\\uDE00', '\ufffd😀'],
    ['a high surrogate before text', '\\uD83Dx', '\ufffdx'],
    ['\\u0000', '\\u0000', '\u0000'],
  ])('%s', (_name, body, expected) => {
    expect(decodeStringBody(body)).toBe(expected);
  });

  it.each([
    ['E2 82 (truncated 3-byte sequence) → two U+FFFD', [0xe2, 0x82], '\ufffd\ufffd'],
    ['F0 9F 98 (truncated 4-byte sequence) → three U+FFFD', [0xf0, 0x9f, 0x98], '\ufffd\ufffd\ufffd'],
    ['ED A0 80 (UTF-8-encoded surrogate) → three U+FFFD', [0xed, 0xa0, 0x80], '\ufffd\ufffd\ufffd'],
    ['C0 80 (overlong NUL) → two U+FFFD', [0xc0, 0x80], '\ufffd\ufffd'],
    ['E0 80 AF (overlong /) → three U+FFFD', [0xe0, 0x80, 0xaf], '\ufffd\ufffd\ufffd'],
    ['F4 90 80 80 (above U+10FFFF) → four U+FFFD', [0xf4, 0x90, 0x80, 0x80], '\ufffd\ufffd\ufffd\ufffd'],
    ['a lone FF', [0xff], '\ufffd'],
    ['a lone continuation byte', [0x80], '\ufffd'],
  ])('%s', (_name, invalid, expected) => {
    expect(decodeStringBody('a', invalid, 'b')).toBe(`a${expected}b`);
  });

  it('replaces invalid bytes next to escapes and valid multi-byte characters', () => {
    expect(decodeStringBody('é', [0xe2, 0x82], '\\n', [0xff], '😀')).toBe('é\ufffd\ufffd\n\ufffd😀');
  });

  it('keeps valid UTF-8 (including U+FFFD itself) unchanged', () => {
    expect(decodeStringBody('(✿☯‿☯✿) \ufffd 😀')).toBe('(✿☯‿☯✿) \ufffd 😀');
  });
});

describe('decodeJson: syntax errors carry a reason and a byte offset', () => {
  it.each([
    ['empty input', '', 'unexpected end of JSON input', 0],
    ['only whitespace', '  ', 'unexpected end of JSON input', 2],
    ['truncated object', '{"a":1', 'unexpected end of JSON input', 6],
    ['truncated string', '"abc', 'unexpected end of JSON input', 4],
    ['trailing data', '{} x', "invalid character 'x' after top-level value", 3],
    ['two values', '1 2', "invalid character '2' after top-level value", 2],
    ['leading zero', '01', "invalid character '1' after top-level value", 1],
    ['bare minus', '-', 'unexpected end of JSON input', 1],
    ['dot without digits', '1.', 'unexpected end of JSON input', 2],
    ['dot before digits', '.5', "invalid character '.' looking for beginning of value", 0],
    ['plus sign', '+1', "invalid character '+' looking for beginning of value", 0],
    ['exponent without digits', '1e+', 'unexpected end of JSON input', 3],
    ['bad literal', 'nul', 'unexpected end of JSON input', 3],
    ['misspelt literal', 'trux', "invalid character 'x' in literal true (expecting 'e')", 3],
    ['trailing comma in array', '[1,]', "invalid character ']' looking for beginning of value", 3],
    ['trailing comma in object', '{"a":1,}', "invalid character '}' looking for beginning of object key string", 7],
    ['missing colon', '{"a" 1}', "invalid character '1' after object key", 5],
    ['unknown escape', '"\\x"', "invalid character 'x' in string escape code", 2],
    ['bad \\u escape', '"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape", 5],
    ['single quotes', "'a'", "invalid character '\\'' looking for beginning of value", 0],
  ])('%s', (_name, input, reason, offset) => {
    const error = syntaxError(bytes(input));
    expect(error.reason).toBe(reason);
    expect(error.offset).toBe(offset);
    expect(error.message).toBe(`${reason} at byte ${offset}`);
  });

  it.each([
    ['a raw newline', [0x0a]],
    ['a raw NUL', [0x00]],
    ['a raw 0x1f', [0x1f]],
  ])('rejects %s inside a string', (_name, control) => {
    const error = syntaxError(bytes('"ab', control, '"'));
    expect(error.reason).toMatch(/in string literal$/);
    expect(error.offset).toBe(3);
  });

  it('rejects a byte-order mark', () => {
    expect(syntaxError(bytes([0xef, 0xbb, 0xbf], '{}')).offset).toBe(0);
  });
});

describe('compactJson (Go json.Marshal of a RawMessage)', () => {
  it.each([
    ['removes whitespace outside strings', ' { "a" : [ 1 , 2 ] ,\n\t"b" : "x y" } ', '{"a":[1,2],"b":"x y"}'],
    ['escapes <, > and & for HTML', '{"html": "<b>&amp;</b>"}', '{"html":"\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e"}'],
    ['escapes U+2028 and U+2029', '["\u2028\u2029"]', '["\\u2028\\u2029"]'],
    ['keeps escapes as written', '"\\u0041\\n\\"<"', '"\\u0041\\n\\"\\u003c"'],
    ['keeps numbers as written', '[1.0, 1e3, -0]', '[1.0,1e3,-0]'],
    ['returns compact input unchanged', '{"a":"b"}', '{"a":"b"}'],
  ])('%s', (_name, raw, expected) => {
    expect(compactJson(raw)).toBe(expected);
    expect(compactJsonBytes(Buffer.from(raw)).toString('utf8')).toBe(expected);
  });

  it('keeps invalid UTF-8 bytes verbatim in the byte variant', () => {
    expect(compactJsonBytes(bytes('{ "a" : "', [0xff, 0xe2, 0x82], '<" }'))).toEqual(bytes('{"a":"', [0xff, 0xe2, 0x82], '\\u003c"}'));
  });
});

describe('JsonParser.skipBytes (keys spelled as expected)', () => {
  it('moves past the bytes only when they come next, whole', () => {
    const parser = new JsonParser(Buffer.from('{"uuid":"x"}'));
    parser.pos = 1;
    expect(parser.skipBytes(Buffer.from('"data":'))).toBe(false);
    expect(parser.pos).toBe(1);
    expect(parser.skipBytes(Buffer.from('"uuid":'))).toBe(true);
    expect(parser.pos).toBe(8);
    expect(parser.skipBytes(Buffer.from('"x"}, and more'))).toBe(false); // runs past the end
    expect(parser.pos).toBe(8);
  });
});
