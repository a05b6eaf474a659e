import { Base64Error, chooseBase64Alphabet, decodeBase64 } from '@spade/events';
import { nativeDecodeInto } from '../src/base64';

/** Decode with the alphabet the original would choose; hex of the result or Go's error text. */
function decodeAsOriginal(text: string): string {
  const input = Buffer.from(text, 'utf8');
  try {
    return decodeBase64(input, chooseBase64Alphabet(input)).toString('hex');
  } catch (error) {
    if (error instanceof Base64Error) return error.message;
    throw error;
  }
}

describe('chooseBase64Alphabet (scoop_protocol DetermineBase64Encoding vectors)', () => {
  it.each([
    ['wacn2oi3f90n2j238j+/', 'standard'],
    ['wacn2oi3f90n2j238j', 'standard'],
    ['wacn2oi3f90n2j2_8j', 'url'],
    ['-acn2oi3f90n2j238j', 'url'],
    ['acn2oi3f90n2j238j_', 'url'],
    ['wacn2oi3f90n2j238j /', 'space'],
    [' acn2oi3f90n2j238j /', 'space'],
    ['acn2oi3f90n2j238j/ ', 'space'],
    // The first of '-', '_' and space decides.
    ['ab_c d', 'url'],
    ['ab c_d', 'space'],
  ])('%j → %s', (text, alphabet) => {
    const input = Buffer.from(text);
    expect(chooseBase64Alphabet(input)).toBe(alphabet);
    // The range form (used on views) agrees with the whole-buffer form.
    expect(chooseBase64Alphabet(Buffer.from(`##${text}##`), 2, text.length + 2)).toBe(alphabet);
  });
});

describe('decodeBase64: Go encoding/base64 semantics (vectors checked against Go 1.19)', () => {
  it.each([
    ['eyJldmVudCI6ImhlbGxvIn0=', '7b226576656e74223a2268656c6c6f227d'],
    ['QUJD', '414243'],
    ['QUI=', '4142'],
    ['', ''],
    // Non-canonical trailing bits are accepted (non-Strict mode).
    ['QR==', '41'],
    ['QUJ=', '4142'],
    // '\r' and '\n' are skipped anywhere, even between padding characters.
    ['eyJldmVudCI6ImhlbGxvIn0=\n', '7b226576656e74223a2268656c6c6f227d'],
    ['eyJldm\r\nVudCI6ImhlbGxvIn0=', '7b226576656e74223a2268656c6c6f227d'],
    ['QQ=\n=', '41'],
    // URL-safe and space alphabets.
    ['-_-_', 'fbffbf'],
    ['+/+/', 'fbffbf'],
    ['  ==', 'fb'],
    // 12 valid characters decode even though the JSON inside is garbage (broken_b64_data.json).
    ['Qw3notreally', '430de7a2dade6a5972'],
  ])('%j decodes to %s', (text, hex) => {
    expect(decodeAsOriginal(text)).toBe(hex);
  });

  it.each([
    ['eyJldmVudCI6ImhlbGxvIn0', 20, 'missing padding'],
    ['QQ', 0, 'missing padding of a short input'],
    ['eyJldmVudCI6ImhlbGxvIn0==', 24, 'too much padding'],
    ['eyJldmVudCI6ImhlbGxvIn0=x', 24, 'trailing garbage'],
    ['QQ==QQ==', 4, 'data after padding'],
    ['Q===', 1, 'padding after one character'],
    ['====', 0, 'padding only'],
    ['AB=C', 2, 'padding in the middle'],
    ['ip=1', 2, 'the data of a query string'],
    ['QUJDé', 4, 'a non-ASCII character'],
    ['QUJD*', 4, 'a character outside the alphabet'],
    ['+_+/', 0, "'+' where '_' chose the URL alphabet"],
    ['QUJD-_+/', 6, "'+' after '-' chose the URL alphabet"],
    ['QUJDQUJD\rQUJ', 9, 'a short quantum after a skipped carriage return'],
    ['QU\nJ', 1, 'a short quantum with a newline inside (Go counts back from the end)'],
    [' /+/', 2, "'+' where a space chose the space alphabet"],
    ['eyJ ldm', 4, 'an embedded space (space alphabet, then a short quantum)'],
    [' eyJldmVudCI6ImhlbGxvIn0=', 24, 'a leading space (space alphabet; length no longer a multiple of 4)'],
  ])('%j fails at input byte %i (%s)', (text, offset) => {
    expect(decodeAsOriginal(text)).toBe(`illegal base64 data at input byte ${offset}`);
  });

  it('decodes a range of a larger buffer (offsets relative to the range)', () => {
    const buffer = Buffer.from('xxQUJD*yy');
    expect(() => decodeBase64(buffer, 'standard', 2, 7)).toThrow('illegal base64 data at input byte 4');
    expect(decodeBase64(buffer, 'standard', 2, 6).toString()).toBe('ABC');
  });

  it('exposes the offset on the error', () => {
    try {
      decodeBase64(Buffer.from('QUJD*'), 'standard');
      throw new Error('expected failure');
    } catch (error) {
      expect(error).toBeInstanceOf(Base64Error);
      expect((error as Base64Error).offset).toBe(4);
    }
  });

  it('decodes long inputs with either alphabet identically', () => {
    const raw = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37 + 11) & 0xff));
    expect(decodeBase64(Buffer.from(raw.toString('base64')), 'standard')).toEqual(raw);
    expect(decodeBase64(Buffer.from(raw.toString('base64url')), 'url')).toEqual(raw);
  });
});

describe('nativeDecodeInto, standard alphabet (the parser\'s decoder of the usual data)', () => {
  /** What the exact decoder gives for standard base64: hex, or null when it rejects the input. */
  function exact(input: Buffer): string | null {
    try {
      return decodeBase64(input, 'standard').toString('hex');
    } catch (error) {
      if (error instanceof Base64Error) return null;
      throw error;
    }
  }

  it('decodes clean input as the exact decoder does, and declines (-1) anything else or answers the same', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const out = Buffer.alloc(400);
    const unusual = [0x2d, 0x5f, 0x20, 0x3d, 0x0a, 0x0d, 0x80, 0xff, 0xc3, 0x00, 0x2e];
    let declined = 0;
    for (let round = 0; round < 3000; round++) {
      const raw = Buffer.from(Array.from({ length: next(200) + 1 }, () => next(256)));
      const text = Buffer.from(raw.toString('base64'));
      expect(out.subarray(0, nativeDecodeInto(text, 0, text.length, 'standard', out)).toString('hex')).toBe(raw.toString('hex'));
      // One character swapped for an unusual byte (or a random one).
      text[next(text.length)] = round % 2 === 0 ? unusual[next(unusual.length)] : next(256);
      const n = nativeDecodeInto(text, 0, text.length, 'standard', out);
      if (n < 0) declined++;
      else expect(out.subarray(0, n).toString('hex')).toBe(exact(text));
    }
    expect(declined).toBeGreaterThan(1000);
    expect(nativeDecodeInto(Buffer.from('QUJD'), 0, 4, 'standard', Buffer.alloc(2))).toBe(-1); // out too short
    // A range of a line: a `-` after the range does not count, one inside it does.
    const line = Buffer.from('"QUJD","x-y"');
    expect(out.subarray(0, nativeDecodeInto(line, 1, 5, 'standard', out)).toString()).toBe('ABC');
    expect(nativeDecodeInto(Buffer.from('QU-D'), 0, 4, 'standard', out)).toBe(-1);
    expect(nativeDecodeInto(Buffer.from(''), 0, 0, 'standard', out)).toBe(-1);
  });
});

describe('decodeBase64 on the other alphabet\'s digits (Node takes them in either mode, Go does not)', () => {
  it.each([
    ['QU-D', 'standard', 'illegal base64 data at input byte 2'],
    ['QU_D', 'standard', 'illegal base64 data at input byte 2'],
    ['QU+D', 'url', 'illegal base64 data at input byte 2'],
    ['QU/D', 'url', 'illegal base64 data at input byte 2'],
  ] as const)('%s in the %s alphabet is Go\'s error', (text, alphabet, message) => {
    expect(() => decodeBase64(Buffer.from(text), alphabet)).toThrow(message);
  });
});
