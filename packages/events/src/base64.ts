/**
 * Strict base64 with the semantics of Go's `encoding/base64` (padded encodings, non-Strict mode):
 * `=` padding is required, any byte outside the alphabet or after the padding is an error, only `\r`
 * and `\n` are skipped (anywhere), and unused bits before the padding may be non-zero. Errors carry
 * the same offset as Go's `illegal base64 data at input byte N`. (Node's own decoder is lenient; it is
 * only used where its result is provably Go's, see nativeDecode.)
 */
import { asciiText, indexOfByte, writeBase64 } from './bufferText';
import { InputError } from './inputError';

export type Base64Alphabet = 'standard' | 'url' | 'space';

export class Base64Error extends InputError {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
    this.name = 'Base64Error';
  }
}

const INVALID = 0xff;
const PAD = 0x3d; // '='

function decodeTable(last2: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789' + last2;
  const table = new Uint8Array(256).fill(INVALID);
  for (let i = 0; i < 64; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}

const TABLES: Record<Base64Alphabet, Uint8Array> = {
  standard: decodeTable('+/'),
  url: decodeTable('-_'),
  // The original's "space" encoding: standard with ' ' for '+', for payloads whose '+' became a space.
  space: decodeTable(' /'),
};

/** Smallest non-negative index of three (-1 when all are -1). */
function firstOf(a: number, b: number, c: number): number {
  let first = a;
  if (b >= 0 && (first < 0 || b < first)) first = b;
  if (c >= 0 && (first < 0 || c < first)) first = c;
  return first;
}

/**
 * The original's alphabet choice (Aug 2017+): the first of `-`, `_` or space decides — none →
 * standard, space → space alphabet, `-`/`_` → URL-safe.
 */
export function chooseBase64Alphabet(data: Uint8Array, start = 0, end = data.length): Base64Alphabet {
  if (start === 0 && end === data.length && Buffer.isBuffer(data)) {
    // Whole buffer: three native byte searches beat one JS loop on long payloads.
    const found = firstOf(data.indexOf(0x20), data.indexOf(0x2d), data.indexOf(0x5f));
    return found < 0 ? 'standard' : data[found] === 0x20 ? 'space' : 'url';
  }
  for (let i = start; i < end; i++) {
    const b = data[i];
    if (b === 0x20) return 'space';
    if (b === 0x2d || b === 0x5f) return 'url';
  }
  return 'standard';
}

function isNewline(b: number): boolean {
  return b === 0x0a || b === 0x0d;
}

/** Decoder state for one input: Go's `decodeQuantum` loop, with a fast path for clean quanta. */
class QuantumDecoder {
  out: Buffer;
  n = 0;
  si = 0;
  private readonly digits = [0, 0, 0, 0];

  constructor(
    private readonly src: Uint8Array,
    private readonly start: number,
    private readonly end: number,
    private readonly table: Uint8Array,
  ) {
    this.si = start;
    this.out = Buffer.allocUnsafe(Math.ceil((end - start) / 4) * 3);
  }

  run(): Buffer {
    const { src, table, end, out } = this;
    let si = this.si;
    let n = 0;
    while (si < end) {
      if (si + 4 <= end) {
        const a = table[src[si]];
        const b = table[src[si + 1]];
        const c = table[src[si + 2]];
        const d = table[src[si + 3]];
        if ((a | b | c | d) !== INVALID) {
          // All four are alphabet characters (each < 64, so the OR is 0xff only if one is invalid).
          out[n] = (a << 2) | (b >> 4);
          out[n + 1] = ((b & 0x0f) << 4) | (c >> 2);
          out[n + 2] = ((c & 0x03) << 6) | d;
          n += 3;
          si += 4;
          continue;
        }
      }
      this.n = n;
      this.si = si;
      this.quantum();
      n = this.n;
      si = this.si;
    }
    return out.subarray(0, n);
  }

  /** Error at an absolute index, reported relative to the decoded range as Go does. */
  private error(index: number): Base64Error {
    return new Base64Error(index - this.start);
  }

  /** Go's decodeQuantum: decode up to 4 characters at `si` handling newlines, padding and errors. */
  private quantum(): void {
    const { src, table, end, digits } = this;
    let si = this.si;
    let dlen = 4;
    let trailingGarbage = -1;
    digits[0] = digits[1] = digits[2] = digits[3] = 0;
    for (let j = 0; j < 4; j++) {
      if (si === end) {
        if (j === 0) {
          this.si = si;
          return;
        }
        // Input ended inside a quantum: padding is mandatory.
        throw this.error(si - j);
      }
      const ch = src[si++];
      const value = table[ch];
      if (value !== INVALID) {
        digits[j] = value;
        continue;
      }
      if (isNewline(ch)) {
        j--;
        continue;
      }
      if (ch !== PAD) throw this.error(si - 1);
      // Padding: only after 2 or 3 characters of the quantum.
      if (j < 2) throw this.error(si - 1);
      if (j === 2) {
        while (si < end && isNewline(src[si])) si++;
        if (si === end) throw this.error(end);
        if (src[si] !== PAD) throw this.error(si - 1);
        si++;
      }
      while (si < end && isNewline(src[si])) si++;
      if (si < end) trailingGarbage = si;
      dlen = j;
      break;
    }
    const val = (digits[0] << 18) | (digits[1] << 12) | (digits[2] << 6) | digits[3];
    const out = this.out;
    // Non-strict mode: unused low bits are dropped without complaint.
    out[this.n] = val >> 16;
    if (dlen >= 3) out[this.n + 1] = (val >> 8) & 0xff;
    if (dlen === 4) out[this.n + 2] = val & 0xff;
    this.n += dlen - 1;
    this.si = si;
    if (trailingGarbage >= 0) throw this.error(trailingGarbage);
  }
}

/**
 * Node's (native, lenient) decoder of `src[start, end)` into `out`, where it provably agrees with
 * Go's: the standard or URL alphabet, a length that is a multiple of 4. Node skips characters it
 * does not know and stops at `=`, and each character it drops shortens the output, so an output of
 * exactly the length Go would produce means every character was a valid one. Node also takes the
 * other alphabet's two digits silently (`-` `_` in standard, `+` `/` in URL): they are looked for
 * first. Returns the decoded length, or -1 when the exact decoder has to decide (also when `out` is
 * shorter than `(length / 4) * 3` bytes). Trailing bits of the last quantum are ignored by both, as
 * Go's non-strict encodings do.
 */
export function nativeDecodeInto(src: Buffer, start: number, end: number, alphabet: Base64Alphabet, out: Buffer): number {
  const length = end - start;
  const expected = (length >> 2) * 3;
  if (alphabet === 'space' || length <= 0 || (length & 3) !== 0 || expected > out.length) return -1;
  const url = alphabet === 'url'; // look for the other alphabet's digits 62 and 63
  if (occursIn(src, url ? 0x2b : 0x2d, start, end) || occursIn(src, url ? 0x2f : 0x5f, start, end)) return -1;
  const padding = src[end - 1] !== PAD ? 0 : src[end - 2] !== PAD ? 1 : 2;
  const written = writeBase64(out, asciiText(src, start, end), 0, expected);
  return written === expected - padding ? written : -1;
}

/** nativeDecodeInto of a whole buffer into a new one; null when the exact decoder has to decide. */
export function nativeDecode(src: Uint8Array, alphabet: Base64Alphabet): Buffer | null {
  if (!Buffer.isBuffer(src)) return null;
  const out = Buffer.allocUnsafe((src.length >> 2) * 3);
  const decoded = nativeDecodeInto(src, 0, src.length, alphabet, out);
  return decoded < 0 ? null : out.subarray(0, decoded);
}

/** Whether `byte` is in `buf[start, end)` (a native search, which may look past `end`). */
function occursIn(buf: Buffer, byte: number, start: number, end: number): boolean {
  const at = indexOfByte(buf, byte, start);
  return at >= 0 && at < end;
}

/** Decode `src[start, end)` strictly (Go semantics) with the given alphabet; throws Base64Error. */
export function decodeBase64(src: Uint8Array, alphabet: Base64Alphabet, start = 0, end = src.length): Buffer {
  const fast = start === 0 && end === src.length ? nativeDecode(src, alphabet) : null;
  return fast ?? new QuantumDecoder(src, start, end, TABLES[alphabet]).run();
}
