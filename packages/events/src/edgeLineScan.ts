/**
 * The fast path of Format-B decoding (jsonLine.ts) for the parser's hot loop: one pass over a line
 * whose known fields are spelled exactly and have the types Go expects, building only what a row
 * needs (client IP, server time; the uuid and the user agent on demand). It accepts a line only when
 * decodeEdgeLine would decode it without error and to the same values; for anything else — null
 * fields, case-insensitive or escaped keys, a bad time or address, escaped `data` — scan() returns
 * false and the caller uses decodeEdgeLine, which decides (a syntax error throws JsonSyntaxError).
 */
import { JsonParser } from './jsonDecode';
import { skipJsonValue } from './jsonSkip';
import { GO_ZERO_TIME_UNIX, parseGoRfc3339Token } from './goTime';
import { goIpText } from './goIp';
import { decodePayloadBytes } from './payload';
import { nativeDecodeInto } from './base64';
import { PLAIN, QUOTE, STRING_BYTE_KIND } from './jsonSyntax';
import { asciiText, indexOfByte } from './bufferText';
import { EDGE_FIELD_NAMES, EdgeField } from './edgeFields';
import { PrefixViews } from './prefixViews';

/** Field names (as bytes) by length. */
const FIELDS_BY_LENGTH: [Uint8Array, EdgeField][][] = [];
for (const [name, field] of EDGE_FIELD_NAMES) (FIELDS_BY_LENGTH[name.length] ??= []).push([Buffer.from(name, 'latin1'), field]);

/** How `buf[start, start + name.length)` compares with a name: 1 exactly, 0 only ignoring ASCII case, -1 not. */
function compareKey(buf: Uint8Array, start: number, name: Uint8Array): number {
  let exact = 1;
  for (let i = 0; i < name.length; i++) {
    const b = buf[start + i];
    const c = name[i];
    if (b === c) continue;
    const lower = c | 0x20;
    if ((b | 0x20) !== lower || lower < 0x61 || lower > 0x7a) return -1;
    exact = 0;
  }
  return exact;
}

/** EdgeField of a plain ASCII key: exact names only; -1 when it matches a name only ignoring case. */
function fieldOfKey(buf: Uint8Array, start: number, end: number): number {
  const candidates = FIELDS_BY_LENGTH[end - start];
  if (candidates === undefined) return EdgeField.None;
  let folded = false;
  for (let k = 0; k < candidates.length; k++) {
    const match = compareKey(buf, start, candidates[k][0]);
    if (match === 1) return candidates[k][1];
    if (match === 0) folded = true;
  }
  return folded ? -1 : EdgeField.None;
}

/** Each field's key as it appears in a line, with quotes and colon (`"uuid":`), by EdgeField. */
const KEY_BYTES: Uint8Array[] = [];
for (const [name, field] of EDGE_FIELD_NAMES) KEY_BYTES[field] = Buffer.from(`"${name}":`, 'latin1');
/** Keys remembered per line (see `order`). */
const MAX_REMEMBERED_KEYS = 16;

const EMPTY = Buffer.alloc(0);
/** recordversion literals up to this many digits are int64 without a range check. */
const SAFE_INT64_DIGITS = 18;

export class EdgeLineScanner {
  /** `receivedAt` as Unix seconds in decimal (Go's zero time when missing). */
  serverTime = '';
  /**
   * The client IP as a 32-bit number when the line gives it as a plain dotted quad (the usual case),
   * else -1: the row writer's GeoIP cache is keyed by it, so the text is made only when needed.
   */
  clientIpv4 = -1;
  /** The line being scanned, and where `data`'s string body is in it. */
  private line: Buffer = EMPTY;
  private dataFrom = 0;
  private dataTo = 0;
  /** Where `data`'s token starts when its bytes are not checked yet, else -1. */
  private dataStart = -1;
  private receivedAt = GO_ZERO_TIME_UNIX;
  private readonly parser = new JsonParser(EMPTY);
  /** Where payload() decodes the usual `data` (reused line after line). */
  private payloadBuffer: Buffer = Buffer.allocUnsafe(4096);
  private readonly payloadViews = new PrefixViews(this.payloadBuffer);
  private userAgentStart = -1;
  private userAgentText: string | null = null;
  /** Where the uuid's (ASCII) body is, until uuid() makes it a string; `uuidText` is it once made. */
  private uuidFrom = 0;
  private uuidTo = 0;
  private uuidText: string | null = '';
  /** The client IP's text (null: still the dotted quad at `clientIpFrom`, not made yet). */
  private clientIpText: string | null = '<nil>';
  private clientIpFrom = 0;
  private clientIpTo = 0;
  private lastReceivedAt = NaN;
  private lastClientIpText = '';
  private lastClientIp = '<nil>';
  /**
   * The edge writes its fields in one order: the field of the previous line's k-th key (None: no
   * guess) is the first guess for this line's, and a hit costs one comparison of the key's bytes.
   */
  private readonly order = new Uint8Array(MAX_REMEMBERED_KEYS);

  /** The raw body of the line's `data` string (empty when it has none). */
  get data(): Buffer {
    return this.line.subarray(this.dataFrom, this.dataTo);
  }

  /** Decodes a line that starts with `{`; false when decodeEdgeLine has to decide. */
  scan(line: Buffer): boolean {
    const parser = this.parser;
    parser.reset(line);
    this.uuidText = '';
    this.receivedAt = GO_ZERO_TIME_UNIX;
    this.clientIpText = '<nil>';
    this.clientIpv4 = -1;
    this.line = line;
    this.dataFrom = 0;
    this.dataTo = 0;
    this.dataStart = -1;
    this.userAgentStart = -1;
    this.userAgentText = null;
    if (line[0] !== 0x7b) return false;
    parser.pos = 1;
    parser.skipWhitespace();
    if (parser.peek() === 0x7d) parser.pos++;
    else {
      for (let k = 0; ; k++) {
        const field = this.guessedKey(k) || this.readKey();
        if (field < 0) return false;
        if (k < MAX_REMEMBERED_KEYS) this.order[k] = field;
        parser.skipWhitespace();
        if (field === EdgeField.None) skipJsonValue(parser, 1);
        else if (!this.readField(field)) return false;
        if (parser.endOfObjectMember()) break;
      }
    }
    parser.expectEnd();
    if (this.receivedAt !== this.lastReceivedAt) {
      this.lastReceivedAt = this.receivedAt;
      this.serverTime = String(this.receivedAt);
    }
    return true;
  }

  /** The uuid (`''` when the line has none), a string only when asked for: rows do not need it. */
  uuid(): string {
    if (this.uuidText === null) this.uuidText = asciiText(this.line, this.uuidFrom, this.uuidTo);
    return this.uuidText;
  }

  /** The client IP as Go prints it (`<nil>` when the line has none), made on first use. */
  clientIp(): string {
    if (this.clientIpText === null) this.clientIpText = asciiText(this.line, this.clientIpFrom, this.clientIpTo);
    return this.clientIpText;
  }

  /** The user agent (`''` when the line has none), decoded on first use. */
  userAgent(): string {
    if (this.userAgentText === null) {
      if (this.userAgentStart < 0) this.userAgentText = '';
      else {
        const parser = this.parser;
        const resume = parser.pos;
        parser.pos = this.userAgentStart;
        this.userAgentText = parser.readString();
        parser.pos = resume;
      }
    }
    return this.userAgentText;
  }

  /** The k-th key when it is the field guessed for it, spelled exactly (then past its colon); else None. */
  private guessedKey(k: number): number {
    if (k >= MAX_REMEMBERED_KEYS) return EdgeField.None;
    const field = this.order[k];
    return field !== EdgeField.None && this.parser.skipBytes(KEY_BYTES[field]) ? field : EdgeField.None;
  }

  /** A key and its colon: its field, or -1 when the key is not plain ASCII or only folds to a name. */
  private readKey(): number {
    const parser = this.parser;
    const buf = parser.buf;
    parser.skipWhitespace();
    if (parser.peek() !== 0x22) return -1;
    const start = parser.pos + 1;
    let p = start;
    while (p < buf.length && STRING_BYTE_KIND[buf[p]] === PLAIN) p++;
    if (p >= buf.length || STRING_BYTE_KIND[buf[p]] !== QUOTE) return -1;
    parser.pos = p + 1;
    parser.skipWhitespace();
    if (parser.peek() !== 0x3a) parser.failUnexpected('after object key');
    parser.pos++;
    return fieldOfKey(buf, start, p);
  }

  /** One known field with the type Go expects; false otherwise (or when its value is rejected). */
  private readField(field: number): boolean {
    const parser = this.parser;
    const first = parser.peek();
    if (field === EdgeField.RecordVersion) return this.readRecordVersion(first);
    if (first !== 0x22) return false;
    const start = parser.pos;
    switch (field) {
      case EdgeField.ReceivedAt: {
        parser.scanString();
        const seconds = parseGoRfc3339Token(parser.buf, start, parser.pos);
        if (seconds === null) return false;
        this.receivedAt = seconds;
        return true;
      }
      case EdgeField.ClientIp:
        return this.readDottedQuad(start) || this.readClientIp(parser.readString());
      case EdgeField.Uuid: {
        // Unique per line: kept as bytes (see uuid()), not put in the string cache.
        const end = parser.scanString();
        if (parser.scannedStringIsAscii()) {
          this.uuidFrom = start + 1;
          this.uuidTo = end;
          this.uuidText = null;
        } else {
          parser.pos = start;
          this.uuidText = parser.readString();
        }
        return true;
      }
      case EdgeField.Data:
        return this.readData(start);
      case EdgeField.UserAgent:
        parser.scanString();
        this.userAgentStart = start;
        this.userAgentText = null;
        return true;
      default: // xForwardedFor, edgeType: a string is all a successful line needs of them
        parser.scanString();
        return true;
    }
  }

  /**
   * `data`, usually most of the line. When no backslash comes before the next quote, that quote ends
   * it and the bytes between are taken unchecked: payload() checks them, and a clean base64 decode
   * proves they hold nothing a JSON string may not.
   */
  private readData(start: number): boolean {
    const parser = this.parser;
    const buf = parser.buf;
    if (this.dataStart >= 0) return false; // a second `data`: the first one was never checked
    const quote = indexOfByte(buf, 0x22, start + 1);
    // Unterminated (a cut line): a syntax error, which decodeEdgeLine words — throwing here too costs more than the line.
    if (quote < 0) return false;
    const backslash = indexOfByte(buf, 0x5c, start + 1);
    if (backslash < 0 || backslash > quote) {
      this.dataFrom = start + 1;
      this.dataTo = quote;
      this.dataStart = start;
      parser.pos = quote + 1;
      return true;
    }
    const end = parser.scanString();
    if (!parser.scannedStringIsVerbatim()) return false;
    this.dataFrom = start + 1;
    this.dataTo = end;
    this.dataStart = -1;
    return true;
  }

  /**
   * The payload's bytes (decodePayloadBytes of `data`), or null when decodeEdgeLine has to decide
   * (the unchecked `data` turned out not to be a plain JSON string). Throws the decoding errors.
   * The bytes may be the scanner's own buffer: valid until the next scan.
   */
  payload(): Buffer | null {
    if (this.dataStart < 0) return decodePayloadBytes(this.data);
    const decoded = this.decodeIntoPayloadBuffer();
    if (decoded >= 0) return this.payloadViews.of(decoded);
    // decodeSentBase64 would fail too (same decode, more checks): the exact way decides.
    const parser = this.parser;
    const resume = parser.pos;
    parser.pos = this.dataStart;
    parser.scanString();
    const verbatim = parser.scannedStringIsVerbatim();
    parser.pos = resume;
    return verbatim ? decodePayloadBytes(this.data) : null;
  }

  /**
   * The usual `data`, standard base64 (what decodeSentBase64 decodes), decoded into
   * the scanner's own buffer: its length, or -1 to take the exact way. The buffer is reused by the
   * next line, which is why payload() documents that its result lives until then.
   */
  private decodeIntoPayloadBuffer(): number {
    const needed = ((this.dataTo - this.dataFrom) >> 2) * 3;
    if (needed > this.payloadBuffer.length) {
      this.payloadBuffer = Buffer.allocUnsafe(Math.max(needed, this.payloadBuffer.length * 2));
      this.payloadViews.reset(this.payloadBuffer);
    }
    return nativeDecodeInto(this.line, this.dataFrom, this.dataTo, 'standard', this.payloadBuffer);
  }

  /**
   * The usual client IP, a dotted quad as Go's ParseIP takes it (octets ≤ 255 without leading zeros),
   * read from its bytes as a number: Go prints it as it is, so its text is those bytes. False
   * (nothing read) for any other string.
   */
  private readDottedQuad(start: number): boolean {
    const parser = this.parser;
    const buf = parser.buf;
    let p = start + 1;
    let address = 0;
    for (let octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (buf[p] !== 0x2e) return false;
        p++;
      }
      let value = 0;
      const digitsStart = p;
      while (p < buf.length && buf[p] >= 0x30 && buf[p] <= 0x39 && p - digitsStart < 3) {
        value = value * 10 + buf[p] - 0x30;
        p++;
      }
      const digits = p - digitsStart;
      if (digits === 0 || value > 255 || (digits > 1 && buf[digitsStart] === 0x30)) return false;
      address = address * 256 + value;
    }
    if (buf[p] !== 0x22) return false;
    this.clientIpv4 = address;
    this.clientIpText = null;
    this.clientIpFrom = start + 1;
    this.clientIpTo = p;
    parser.pos = p + 1;
    return true;
  }

  private readClientIp(text: string): boolean {
    if (text !== this.lastClientIpText) {
      const ip = text === '' ? '<nil>' : goIpText(text);
      if (ip === null) return false;
      this.lastClientIpText = text;
      this.lastClientIp = ip;
    }
    this.clientIpText = this.lastClientIp;
    this.clientIpv4 = -1;
    return true;
  }

  /** An integer literal that is surely an int64 (the value itself is not needed). */
  private readRecordVersion(first: number): boolean {
    const parser = this.parser;
    if (first !== 0x2d && (first < 0x30 || first > 0x39)) return false;
    const start = parser.pos;
    const end = parser.scanNumber();
    const digitsStart = first === 0x2d ? start + 1 : start;
    if (end - digitsStart > SAFE_INT64_DIGITS) return false;
    for (let i = digitsStart; i < end; i++) {
      const b = parser.buf[i];
      if (b < 0x30 || b > 0x39) return false;
    }
    return true;
  }
}
