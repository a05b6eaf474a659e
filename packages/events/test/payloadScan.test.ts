import {
  JsonParser, JsonSyntaxError, PayloadScanner, skipJsonValue, PropertySlots, PropertyValues, type PropertyTarget,
  PROPERTIES_MISSING, PROPERTIES_OBJECT, PROPERTIES_OTHER, SCAN_BAIL, SCAN_DONE, SCAN_EVENT,
  VALUE_ABSENT, VALUE_ASCII_STRING, VALUE_CONTAINER, VALUE_FALSE, VALUE_NULL, VALUE_NUMBER, VALUE_STRING, VALUE_TRUE,
} from '@spade/events';

describe('skipJsonValue accepts exactly what readValue accepts', () => {
  const accepts = (text: string, read: boolean): boolean => {
    const parser = new JsonParser(Buffer.from(text, 'utf8'));
    try {
      if (read) parser.readValue();
      else skipJsonValue(parser);
      parser.expectEnd();
      return true;
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      return false;
    }
  };

  it.each([
    ['{"a":[1,"x",{"b":null}],"c":{}}', true, '{"a":[1,"x",{"b":null}],"c":{}}'],
    ['[[],[[]],{"k":[true,false]}]', true, '[[],[[]],{"k":[true,false]}]'],
    ['"esc \\u00e9 \\n"', true, '"esc \\u00e9 \\n"'],
    ['-0.5e+3', true, '-0.5e+3'],
    [' { "a" : 1 } ', true, ' { "a" : 1 } '],
    ['10 000 nested arrays', true, `${'['.repeat(10000)}${']'.repeat(10000)}`],
    ['10 001 nested arrays', false, `${'['.repeat(10001)}${']'.repeat(10001)}`],
    ['{"a":1,}', false, '{"a":1,}'],
    ['[1,]', false, '[1,]'],
    ['{"a" 1}', false, '{"a" 1}'],
    ['{1:2}', false, '{1:2}'],
    ['[1 2]', false, '[1 2]'],
    ['"tab\there"', false, '"tab\there"'],
    ['"bad \\x escape"', false, '"bad \\x escape"'],
    ['01', false, '01'],
    ['tru', false, 'tru'],
    ['{"a":[}', false, '{"a":[}'],
    ['[', false, '['],
  ])('%s → %s', (_label, valid, text) => {
    expect(accepts(text, false)).toBe(valid);
    expect(accepts(text, true)).toBe(valid);
  });
});

describe('PropertySlots', () => {
  const slots = new PropertySlots(['device_id', 'ip', 'é', 'q"uote']);
  const bytes = Buffer.from('"device_id":"ip":"other"');

  it('looks keys up by their bytes and by name', () => {
    let hash = 0;
    for (let i = 1; i < 10; i++) hash = (Math.imul(hash, 31) + bytes[i]) | 0;
    expect(slots.slotOfBytes(bytes, 1, 10, hash)).toBe(0);
    expect(slots.slotOfName('é')).toBe(2);
    expect(slots.slotOfName('q"uote')).toBe(3);
    expect(slots.slotOfName('other')).toBe(-1);
  });

  it('guesses the key after a slot from the last event, and only on an exact match', () => {
    expect(slots.guessedSlot(-1, bytes, 1)).toBe(-1); // nothing remembered yet
    slots.remember(-1, 0);
    slots.remember(0, 1);
    expect(slots.guessedSlot(-1, bytes, 1)).toBe(0);
    expect(slots.guessedSlot(0, bytes, 13)).toBe(1);
    expect(slots.guessedSlot(0, bytes, 1)).toBe(-1); // "device_id" is not "ip"
    slots.remember(1, 3);
    expect(slots.guessedSlot(1, Buffer.from('"q"uote"'), 1)).toBe(-1); // names needing escapes are never guessed
  });

  it("tries the guess's successor when the guessed property was left out, without changing the guesses", () => {
    const order = new PropertySlots(['a', 'b', 'c', 'd']);
    order.remember(-1, 0);
    order.remember(0, 1);
    order.remember(1, 2);
    order.remember(2, 3);
    const withoutB = Buffer.from('"a":"c":"d":');
    expect(order.guessedSlot(0, withoutB, 5)).toBe(2); // after a: b is guessed, c follows b
    expect(order.guessedSlot(0, Buffer.from('"b":'), 1)).toBe(1); // the next event sends b again: still the first guess
    expect(order.guessedSlot(0, Buffer.from('"d":'), 1)).toBe(-1); // two left out: a lookup decides
  });
});

interface Target extends PropertyTarget {
  name: string;
}
const target = (name: string, properties: string[]): Target => ({ name, slots: new PropertySlots(properties), values: new PropertyValues(properties.length) });

/** Every event of a payload: name, target, properties shape, and each slot as [kind, token text]. */
function scan(payload: string, targets: Target[]): unknown[] {
  const byName = new Map(targets.map((t) => [t.name, t]));
  const scanner = new PayloadScanner<Target>((name) => byName.get(name));
  const json = Buffer.from(payload, 'utf8');
  if (!scanner.begin(json)) return ['begin: not covered'];
  const seen: unknown[] = [];
  for (;;) {
    const found = scanner.next();
    if (found === SCAN_DONE) return seen;
    if (found === SCAN_BAIL) return [...seen, 'bail'];
    expect(found).toBe(SCAN_EVENT);
    const { name, target: t, properties } = scanner;
    const values = t && properties === PROPERTIES_OBJECT
      ? t.slots.names.map((_, s) => [t.values.kinds[s], json.toString('utf8', t.values.starts[s], t.values.ends[s])]).map(([k, v]) => (k === VALUE_ABSENT ? null : [k, v]))
      : null;
    seen.push({ name, target: t?.name ?? null, properties, raw: properties === PROPERTIES_MISSING ? null : json.toString('utf8', scanner.propertiesStart, scanner.propertiesEnd), values });
  }
}

describe('PayloadScanner', () => {
  const login = () => target('login', ['id', 'n', 'ok', 'no', 'nothing', 'obj', 'esc', 'missing']);

  it('notes the kind and token of each property a table reads, and skips the rest', () => {
    expect(scan('{"event":"login","properties":{"id":"abc","n":-1.5e3,"ok":true,"no":false,"nothing":null,"obj":[1],"esc":"\\u00e9","other":{"x":1}}}', [login()])).toEqual([
      {
        name: 'login', target: 'login', properties: PROPERTIES_OBJECT,
        raw: '{"id":"abc","n":-1.5e3,"ok":true,"no":false,"nothing":null,"obj":[1],"esc":"\\u00e9","other":{"x":1}}',
        values: [[VALUE_ASCII_STRING, '"abc"'], [VALUE_NUMBER, '-1.5e3'], [VALUE_TRUE, 'true'], [VALUE_FALSE, 'false'], [VALUE_NULL, 'null'], [VALUE_CONTAINER, '[1]'], [VALUE_STRING, '"\\u00e9"'], null],
      },
    ]);
  });

  it('decodes properties that come before the name, and takes the last of repeated keys', () => {
    expect(scan('{"Properties":{"id":"a","id":"b"},"EVENT":"other","event":"login"}', [login()])).toEqual([
      { name: 'login', target: 'login', properties: PROPERTIES_OBJECT, raw: '{"id":"a","id":"b"}', values: [[VALUE_ASCII_STRING, '"b"'], null, null, null, null, null, null, null] },
    ]);
  });

  it('reads escaped keys by their decoded name', () => {
    expect((scan('{"event":"login","properties":{"\\u0069d":7}}', [login()])[0] as { values: unknown[] }).values[0]).toEqual([VALUE_NUMBER, '7']);
  });

  it('walks an event array and reports non-tracked events and non-object properties', () => {
    expect(scan('[{"event":"x","properties":{"a":1}},{"event":"login","properties":null},{"event":"login"}]', [login()])).toEqual([
      { name: 'x', target: null, properties: PROPERTIES_OBJECT, raw: '{"a":1}', values: null },
      { name: 'login', target: 'login', properties: PROPERTIES_OTHER, raw: 'null', values: null },
      { name: 'login', target: 'login', properties: PROPERTIES_MISSING, raw: null, values: null },
    ]);
  });

  it.each([
    ['a null event in an array', '[{"event":"login"},null]', [{ name: 'login', target: 'login', properties: PROPERTIES_MISSING, raw: null, values: null }, 'bail']],
    ['a non-string name', '{"event":5}', ['bail']],
    ['leading whitespace', ' {"event":"login"}', ['begin: not covered']],
    ['an array not starting with [{', '[ {"event":"login"}]', ['begin: not covered']],
    ['a top-level string', '"login"', ['begin: not covered']],
  ])('leaves %s to the full decoder', (_name, payload, expected) => {
    expect(scan(payload, [login()])).toEqual(expected);
  });

  it.each([
    ['a syntax error in a skipped value', '{"event":"login","properties":{"other":[1,,2]}}'],
    ['a raw control character in a read value', '{"event":"login","properties":{"id":"a\u0001"}}'],
    ['trailing garbage', '{"event":"login","properties":{}}x'],
    ['a bad separator in an array', '[{"event":"login"};{}]'],
  ])('throws JsonSyntaxError for %s', (_name, payload) => {
    expect(() => scan(payload, [login()])).toThrow(JsonSyntaxError);
  });
});
