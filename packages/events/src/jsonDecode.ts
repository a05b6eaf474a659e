/**
 * A JSON decoder over bytes with the semantics of Go's `encoding/json` + `Decoder.UseNumber`:
 * numbers stay literal text (JsonNumber), objects are records without inherited keys where the last
 * duplicate key wins, strings are unescaped with Go's rules (invalid UTF-8 → one U+FFFD per byte,
 * lone surrogate escapes → U+FFFD, raw control characters rejected), nesting is limited to 10 000
 * levels as in Go's scanner, and the input must be exactly one value with only whitespace around it.
 *
 * The parser is iterative (an explicit container stack), so hostile nesting cannot overflow the JS stack.
 */
import { JsonNumber, JsonObject, JsonValue } from './types';
import { isValidUtf8, replaceInvalidUtf8 } from './goUtf8';
import { utf8Text } from './bufferText';
import { asciiTextMaybeCached, cachedAsciiText, MAX_CACHED_LENGTH, stepHash } from './stringCache';
import { BACKSLASH, describeByte, hexValue, HIGH, JsonSyntaxError, PLAIN, QUOTE, SIMPLE_ESCAPES, STRING_BYTE_KIND } from './jsonSyntax';

export { JsonSyntaxError } from './jsonSyntax';

/**
 * Constructor of decoded objects. Its prototype is a null-prototype object, so instances have no
 * inherited keys at all (`__proto__`, `toString`… are ordinary own keys when present), but unlike
 * `Object.create(null)` they stay in V8's fast-property mode (about twice as fast to build and read).
 */
export const JsonRecord = function JsonRecord(this: JsonObject) {} as unknown as { new (): JsonObject; prototype: object };
JsonRecord.prototype = Object.create(null);

/** Go's nesting limit (its scanner's maxNestingDepth). */
export const MAX_DEPTH = 10000;

const enum Ch {
  Tab = 0x09,
  Lf = 0x0a,
  Cr = 0x0d,
  Space = 0x20,
  Quote = 0x22,
  Comma = 0x2c,
  Minus = 0x2d,
  Dot = 0x2e,
  Zero = 0x30,
  Nine = 0x39,
  Colon = 0x3a,
  LBracket = 0x5b,
  Backslash = 0x5c,
  RBracket = 0x5d,
  LBrace = 0x7b,
  RBrace = 0x7d,
}

/**
 * Cursor-based decoder over one buffer. `JsonParser` is also used directly by the edge-line and payload
 * decoders, which walk a top-level object themselves (Go struct decoding) and read values with it.
 */
export class JsonParser {
  pos = 0;
  /** Whether the whole buffer is valid UTF-8 (-1: not checked yet; most payloads never need to know). */
  private validUtf8 = -1;
  /** Set by scanString: the string body contains an escape / a byte ≥ 0x80. */
  private hasEscape = false;
  private hasHighByte = false;

  constructor(public buf: Buffer) {}

  /** Starts over on another buffer (the hot paths reuse one parser rather than allocate one per line). */
  reset(buf: Buffer): void {
    this.buf = buf;
    this.pos = 0;
    this.validUtf8 = -1;
  }

  /** Whether Node's UTF-8 decoder may be used on high bytes of this buffer (it agrees with Go's on valid UTF-8). */
  private isValidUtf8(): boolean {
    if (this.validUtf8 < 0) this.validUtf8 = isValidUtf8(this.buf) ? 1 : 0;
    return this.validUtf8 === 1;
  }

  fail(reason: string, offset = this.pos): never {
    throw new JsonSyntaxError(reason, offset);
  }

  failUnexpected(context: string): never {
    if (this.pos >= this.buf.length) this.fail('unexpected end of JSON input');
    this.fail(`invalid character ${describeByte(this.buf[this.pos])} ${context}`);
  }

  skipWhitespace(): void {
    const buf = this.buf;
    let p = this.pos;
    while (p < buf.length) {
      const b = buf[p];
      if (b !== Ch.Space && b !== Ch.Lf && b !== Ch.Cr && b !== Ch.Tab) break;
      p++;
    }
    this.pos = p;
  }

  /**
   * After an object member's value: skips whitespace and consumes the separator. True at the
   * closing `}`, false at `,` (another member follows); anything else is Go's syntax error.
   */
  endOfObjectMember(): boolean {
    this.skipWhitespace();
    const next = this.peek();
    if (next === 0x2c || next === 0x7d) {
      this.pos++;
      return next === 0x7d;
    }
    this.failUnexpected('after object key:value pair');
  }

  /** Moves past `bytes` when they come next (true); else stays (false). For keys spelled as expected. */
  skipBytes(bytes: Uint8Array): boolean {
    const buf = this.buf;
    const pos = this.pos;
    if (pos + bytes.length > buf.length) return false;
    for (let i = 0; i < bytes.length; i++) if (buf[pos + i] !== bytes[i]) return false;
    this.pos = pos + bytes.length;
    return true;
  }

  /** Current byte, or -1 at the end. */
  peek(): number {
    return this.pos < this.buf.length ? this.buf[this.pos] : -1;
  }

  /** After the last value: only whitespace may follow. */
  expectEnd(): void {
    this.skipWhitespace();
    if (this.pos < this.buf.length) this.failUnexpected('after top-level value');
  }

  /**
   * Scan a string literal starting at `pos` (the opening quote), validating it. Returns the index of the
   * closing quote; the body is `[openingQuote + 1, closingQuote)`. Leaves `pos` after the closing quote.
   */
  scanString(): number {
    const buf = this.buf;
    const len = buf.length;
    let p = this.pos + 1;
    let escape = false;
    let high = false;
    for (;;) {
      // Fast run over ordinary characters, four at a time (PLAIN is 0, so the OR is 0 only if all are).
      while (p + 4 <= len && (STRING_BYTE_KIND[buf[p]] | STRING_BYTE_KIND[buf[p + 1]] | STRING_BYTE_KIND[buf[p + 2]] | STRING_BYTE_KIND[buf[p + 3]]) === PLAIN) p += 4;
      let kind = 0;
      while (p < len && (kind = STRING_BYTE_KIND[buf[p]]) === PLAIN) p++;
      if (p >= len) {
        this.pos = p;
        this.fail('unexpected end of JSON input');
      }
      if (kind === QUOTE) break;
      if (kind === HIGH) {
        high = true;
        p++;
      } else if (kind === BACKSLASH) {
        escape = true;
        p = this.scanEscape(p);
      } else {
        this.pos = p;
        this.failUnexpected('in string literal');
      }
    }
    this.hasEscape = escape;
    this.hasHighByte = high;
    this.pos = p + 1;
    return p;
  }

  /** Validate the escape at `p` (a backslash); return the index after it. */
  private scanEscape(p: number): number {
    const buf = this.buf;
    if (p + 1 >= buf.length) {
      this.pos = buf.length;
      this.fail('unexpected end of JSON input');
    }
    const e = buf[p + 1];
    switch (e) {
      case 0x22: case 0x5c: case 0x2f: case 0x62: case 0x66: case 0x6e: case 0x72: case 0x74:
        return p + 2;
      case 0x75:
        for (let k = p + 2; k < p + 6; k++) {
          this.pos = k;
          if (k >= buf.length) this.fail('unexpected end of JSON input');
          if (hexValue(buf[k]) < 0) this.failUnexpected('in \\u hexadecimal character escape');
        }
        return p + 6;
      default:
        this.pos = p + 1;
        this.failUnexpected('in string escape code');
    }
  }

  /**
   * After scanString: whether the string's Go value has exactly the bytes of its body (no escapes, no
   * invalid UTF-8), so callers can use the body bytes without building a string.
   */
  scannedStringIsVerbatim(): boolean {
    return !this.hasEscape && (!this.hasHighByte || this.isValidUtf8());
  }

  /** After scanString: whether the body is plain printable ASCII (no escapes, no byte ≥ 0x80). */
  scannedStringIsAscii(): boolean {
    return !this.hasEscape && !this.hasHighByte;
  }

  /** Read a string literal at `pos` and return its Go-unescaped value. */
  readString(): string {
    const buf = this.buf;
    const start = this.pos + 1;
    // Short plain ASCII strings (most keys and values): one pass that also hashes for the string cache.
    const limit = Math.min(buf.length, start + MAX_CACHED_LENGTH + 1);
    let hash = 0;
    for (let p = start; p < limit; p++) {
      const b = buf[p];
      const kind = STRING_BYTE_KIND[b];
      if (kind === PLAIN) hash = stepHash(hash, b);
      else if (kind === QUOTE) {
        this.pos = p + 1;
        return cachedAsciiText(buf, start, p, hash);
      } else break;
    }
    const end = this.scanString();
    if (!this.hasEscape) return this.plainSlice(start, end, this.hasHighByte);
    return this.unescape(start, end);
  }

  /** Body of a string without escapes: ASCII, valid UTF-8, or Go-style replacement of invalid bytes. */
  private plainSlice(start: number, end: number, high: boolean): string {
    if (!high) return asciiTextMaybeCached(this.buf, start, end);
    if (this.isValidUtf8()) return utf8Text(this.buf, start, end);
    return replaceInvalidUtf8(this.buf, start, end).toString('utf8');
  }

  /** Go's unquote for a (validated) string body with escapes. */
  private unescape(start: number, end: number): string {
    const buf = this.buf;
    let out = '';
    let runStart = start;
    let runHigh = false;
    let p = start;
    while (p < end) {
      const b = buf[p];
      if (b !== Ch.Backslash) {
        if (b >= 0x80) runHigh = true;
        p++;
        continue;
      }
      if (p > runStart) out += this.plainSlice(runStart, p, runHigh);
      const e = buf[p + 1];
      if (e === 0x75) {
        const unit = this.hex4(p + 2);
        p += 6;
        if (unit >= 0xd800 && unit < 0xe000) {
          // Go: a high surrogate followed by a \u low surrogate combines; anything else is U+FFFD
          // and the following escape (if any) is decoded on its own.
          const low = p + 6 <= end && buf[p] === Ch.Backslash && buf[p + 1] === 0x75 ? this.hex4(p + 2) : -1;
          if (unit < 0xdc00 && low >= 0xdc00 && low < 0xe000) {
            out += String.fromCharCode(unit, low);
            p += 6;
          } else {
            out += '\ufffd';
          }
        } else {
          out += String.fromCharCode(unit);
        }
      } else {
        out += SIMPLE_ESCAPES[e];
        p += 2;
      }
      runStart = p;
      runHigh = false;
    }
    if (end > runStart) out += this.plainSlice(runStart, end, runHigh);
    return out;
  }

  private hex4(p: number): number {
    const buf = this.buf;
    return (hexValue(buf[p]) << 12) | (hexValue(buf[p + 1]) << 8) | (hexValue(buf[p + 2]) << 4) | hexValue(buf[p + 3]);
  }

  /** Scan a number literal at `pos` (Go's grammar); returns its end. */
  scanNumber(): number {
    const buf = this.buf;
    const len = buf.length;
    let p = this.pos;
    if (buf[p] === Ch.Minus) p++;
    if (p >= len) return this.numberFail(p);
    if (buf[p] === Ch.Zero) p++;
    else if (buf[p] > Ch.Zero && buf[p] <= Ch.Nine) {
      while (p < len && buf[p] >= Ch.Zero && buf[p] <= Ch.Nine) p++;
    } else return this.numberFail(p, 'in numeric literal');
    if (p < len && buf[p] === Ch.Dot) {
      p++;
      if (p >= len || buf[p] < Ch.Zero || buf[p] > Ch.Nine) return this.numberFail(p, 'after decimal point in numeric literal');
      while (p < len && buf[p] >= Ch.Zero && buf[p] <= Ch.Nine) p++;
    }
    if (p < len && (buf[p] | 0x20) === 0x65) {
      p++;
      if (p < len && (buf[p] === 0x2b || buf[p] === Ch.Minus)) p++;
      if (p >= len || buf[p] < Ch.Zero || buf[p] > Ch.Nine) return this.numberFail(p, 'in exponent of numeric literal');
      while (p < len && buf[p] >= Ch.Zero && buf[p] <= Ch.Nine) p++;
    }
    this.pos = p;
    return p;
  }

  private numberFail(p: number, context = 'in numeric literal'): never {
    this.pos = p;
    this.failUnexpected(context);
  }

  /** Match the literal `true`, `false` or `null` at `pos`; returns its value. */
  readLiteral(): boolean | null {
    const buf = this.buf;
    const b = buf[this.pos];
    const word = b === 0x74 ? 'true' : b === 0x66 ? 'false' : 'null';
    for (let k = 0; k < word.length; k++) {
      if (buf[this.pos] !== word.charCodeAt(k)) this.failUnexpected(`in literal ${word} (expecting '${word[k]}')`);
      this.pos++;
    }
    return b === 0x74 ? true : b === 0x66 ? false : null;
  }

  /** Read one scalar starting at `pos` (not an object or array). */
  private readScalar(): JsonValue {
    const b = this.peek();
    if (b === Ch.Quote) return this.readString();
    if (b === Ch.Minus || (b >= Ch.Zero && b <= Ch.Nine)) {
      const start = this.pos;
      return new JsonNumber(asciiTextMaybeCached(this.buf, start, this.scanNumber()));
    }
    if (b === 0x74 || b === 0x66 || b === 0x6e) return this.readLiteral();
    this.failUnexpected('looking for beginning of value');
  }

  /** Read the object key at `pos` (after whitespace) and the colon after it. */
  readObjectKey(): string {
    this.skipWhitespace();
    if (this.peek() !== Ch.Quote) this.failUnexpected('looking for beginning of object key string');
    const key = this.readString();
    this.skipWhitespace();
    if (this.peek() !== Ch.Colon) this.failUnexpected('after object key');
    this.pos++;
    return key;
  }

  /**
   * Read one complete value (any nesting) starting after optional whitespace. `outerDepth` is the number
   * of containers the caller is already inside, for Go's nesting limit.
   */
  readValue(outerDepth = 0): JsonValue {
    const containers: (JsonValue[] | JsonObject)[] = [];
    const keys: string[] = [];
    for (;;) {
      this.skipWhitespace();
      let value: JsonValue;
      const b = this.peek();
      if (b === Ch.LBrace || b === Ch.LBracket) {
        if (containers.length + outerDepth >= MAX_DEPTH) this.fail('exceeded max depth');
        this.pos++;
        this.skipWhitespace();
        if (b === Ch.LBracket) {
          if (this.peek() !== Ch.RBracket) {
            containers.push([]);
            keys.push('');
            continue;
          }
          this.pos++;
          value = [];
        } else {
          if (this.peek() !== Ch.RBrace) {
            containers.push(new JsonRecord());
            keys.push(this.readObjectKey());
            continue;
          }
          this.pos++;
          value = new JsonRecord();
        }
      } else {
        value = this.readScalar();
      }
      // Attach the finished value to its parents, closing every container that ends here.
      for (;;) {
        const depth = containers.length;
        if (depth === 0) return value;
        const parent = containers[depth - 1];
        if (Array.isArray(parent)) parent.push(value);
        else parent[keys[depth - 1]] = value;
        this.skipWhitespace();
        const next = this.peek();
        if (next === Ch.Comma) {
          this.pos++;
          if (!Array.isArray(parent)) keys[depth - 1] = this.readObjectKey();
          break;
        }
        const close = Array.isArray(parent) ? Ch.RBracket : Ch.RBrace;
        if (next !== close) this.failUnexpected(Array.isArray(parent) ? 'after array element' : 'after object key:value pair');
        this.pos++;
        containers.pop();
        keys.pop();
        value = parent;
      }
    }
  }
}

/** Decode a whole buffer holding exactly one JSON value (Go `json.Unmarshal` into `interface{}` + UseNumber). */
export function decodeJson(buf: Buffer): JsonValue {
  const parser = new JsonParser(buf);
  const value = parser.readValue();
  parser.expectEnd();
  return value;
}
