import { goQuote, isGoPrintable } from '@spade/transform';

// Expected outputs are Go 1.19's strconv.Quote (Unicode 13.0.0).
describe('goQuote', () => {
  it.each([
    ['test\n', '"test\\n"'],
    ['test\t', '"test\\t"'],
    ['tests', '"tests"'],
    ['', '""'],
    ['kai.hayashi', '"kai.hayashi"'],
    ['"\\', '"\\"\\\\"'],
    ['\u0007\b\f\n\r\t\u000b', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['\u0000\u0001\u001f\u007f', '"\\x00\\x01\\x1f\\x7f"'],
  ])('escapes ASCII %j as %s', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });

  it.each([
    ['U+00A0 no-break space', '\u00a0', '"\\u00a0"'],
    ['U+00AD soft hyphen', '\u00ad', '"\\u00ad"'],
    ['U+200D zero-width joiner', '\u200d', '"\\u200d"'],
    ['U+2028 line separator', '\u2028', '"\\u2028"'],
    ['U+FEFF byte-order mark', '\ufeff', '"\\ufeff"'],
    ['U+0085 next line', '\u0085', '"\\u0085"'],
    ['U+3000 ideographic space', '\u3000', '"\\u3000"'],
    ['U+0378 unassigned', '\u0378', '"\\u0378"'],
    ['U+E000 private use', '\ue000', '"\\ue000"'],
    ['U+E0001 language tag', '\u{e0001}', '"\\U000e0001"'],
    ['U+10FFFF', '\u{10ffff}', '"\\U0010ffff"'],
    ['U+1FAE0, assigned only after Unicode 13', '\u{1fae0}', '"\\U0001fae0"'],
  ])('escapes non-printable %s', (_name, input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });

  it.each([
    ['accented letters and symbols', 'é✓', '"é✓"'],
    ['emoji', '😀', '"😀"'],
    ['CJK', '日本語テキスト', '"日本語テキスト"'],
    ['combining mark', 'a\u0300', '"a\u0300"'],
    ['replacement character', '\ufffd', '"\ufffd"'],
    ['emoji beside a newer code point', '😀\u{1fae0}', '"😀\\U0001fae0"'],
  ])('keeps printable %s as-is', (_name, input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });

  it('writes a lone surrogate as U+FFFD, as UTF-8 encoding would', () => {
    expect(goQuote('a\ud800b')).toBe('"a\ufffdb"');
    expect(goQuote('\udc00')).toBe('"\ufffd"');
  });

  it('escapes only what needs it inside longer text', () => {
    expect(goQuote('Mozilla/5.0 (X11)\tx\u00a0y "q"')).toBe('"Mozilla/5.0 (X11)\\tx\\u00a0y \\"q\\""');
  });
});

describe('isGoPrintable', () => {
  it.each([
    [0x20, true], [0x7e, true], [0x7f, false], [0x1f, false], [0xa0, false], [0xa1, true],
    [0x1f600, true], [0x1fae0, false], [0x10ffff, false],
  ])('code point %d is printable: %s', (codePoint, expected) => {
    expect(isGoPrintable(codePoint)).toBe(expected);
  });
});
