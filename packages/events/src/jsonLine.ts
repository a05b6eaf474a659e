/**
 * Format B: one `spade.Event` JSON object per line, decoded with Go's struct rules (SPADE-REFERENCE
 * §2.3): keys match field names case-insensitively; `null` leaves a field as it was (except `clientIp`,
 * which it resets to nil); a later duplicate key overwrites an earlier one. A wrong JSON type for a
 * field, an unparseable `receivedAt` or `clientIp`, or a syntax error anywhere fails the whole line.
 *
 * Like Go, a syntax error is found before anything is decoded, a wrong-typed field is noted and
 * decoding goes on, and a `receivedAt`/`clientIp` parse error stops decoding at that field; this only
 * shows in the `edgeType` the original put on the resulting error event ({@link EdgeLineError}).
 */
import { InputError } from './inputError';
import { JsonParser } from './jsonDecode';
import { matchesGoFieldName } from './goFieldName';
import { parseGoRfc3339Token, GO_ZERO_TIME_UNIX } from './goTime';
import { goIpText, parseGoIp } from './goIp';
import { EDGE_FIELD_NAMES, EdgeField } from './edgeFields';

/** A decoded edge line. */
export interface EdgeLine {
  uuid: string;
  /** Bytes of the `data` string (usually a view into the line). */
  data: Buffer;
  /** `receivedAt` as Unix seconds (fraction dropped); Go's zero time when missing. */
  receivedAt: number;
  /** `clientIp` as Go prints a `net.IP` (`<nil>` when missing, empty or null). */
  clientIp: string;
  userAgent: string;
  edgeType: string;
  xForwardedFor: string;
  recordVersion: number;
}

/** The line is valid JSON but not a valid `spade.Event`. */
export class EdgeLineError extends InputError {
  constructor(
    readonly reason: string,
    /** The edgeType decoded before the failure (the original put it on the error event). */
    readonly edgeType: string,
  ) {
    super(reason);
    this.name = 'EdgeLineError';
  }
}

const EXACT_FIELDS = new Map(EDGE_FIELD_NAMES);

function fieldOf(key: string): EdgeField {
  const exact = EXACT_FIELDS.get(key);
  if (exact !== undefined) return exact;
  for (const [name, field] of EDGE_FIELD_NAMES) if (matchesGoFieldName(key, name)) return field;
  return EdgeField.None;
}

const EMPTY = Buffer.alloc(0);
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Go's ParseInt(text, 10, 64) on a JSON number literal: integer literals in range only. */
function parseInt64(text: string): number | null {
  for (let i = text.charCodeAt(0) === 0x2d ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
  }
  if (text.length < 16) return Number(text) || 0; // || 0: Go has no -0
  const big = BigInt(text);
  return big > INT64_MAX || big < INT64_MIN ? null : Number(big);
}

/** Short, safe excerpt of a value for a reason text. */
function excerpt(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Walks one line object, applying Go's struct decoding to each field. */
class EdgeLineDecoder {
  readonly result: EdgeLine = {
    uuid: '',
    data: EMPTY,
    receivedAt: GO_ZERO_TIME_UNIX,
    clientIp: '<nil>',
    userAgent: '',
    edgeType: '',
    xForwardedFor: '',
    recordVersion: 0,
  };
  /** First decoding error; after a stopping error fields are no longer assigned. */
  private error: string | null = null;
  private stopped = false;
  private edgeTypeAtStop = '';

  constructor(private readonly parser: JsonParser) {}

  decode(): EdgeLine {
    const parser = this.parser;
    parser.skipWhitespace();
    if (parser.peek() === 0x6e) {
      parser.readLiteral(); // Go: a top-level null leaves the event empty, without error
    } else if (parser.peek() === 0x7b) {
      this.readObject();
    } else {
      parser.readValue(0);
      this.typeError('the line is not a JSON object');
    }
    parser.expectEnd();
    if (this.error !== null) throw new EdgeLineError(this.error, this.stopped ? this.edgeTypeAtStop : this.result.edgeType);
    return this.result;
  }

  private readObject(): void {
    const parser = this.parser;
    parser.pos++;
    parser.skipWhitespace();
    if (parser.peek() === 0x7d) {
      parser.pos++;
      return;
    }
    for (;;) {
      const field = fieldOf(parser.readObjectKey());
      parser.skipWhitespace();
      this.readField(field);
      if (parser.endOfObjectMember()) return;
    }
  }

  private readField(field: EdgeField): void {
    const parser = this.parser;
    const first = parser.peek();
    if (field === EdgeField.None) {
      parser.readValue(1);
    } else if (field === EdgeField.ReceivedAt) {
      this.readReceivedAt(first);
    } else if (first === 0x6e) {
      parser.readLiteral(); // null: no change, except that net.IP is reset to nil
      if (field === EdgeField.ClientIp) this.assignClientIp('<nil>');
    } else if (field === EdgeField.RecordVersion) {
      this.readRecordVersion(first);
    } else if (first !== 0x22) {
      parser.readValue(1);
      this.typeError(`${EDGE_FIELD_NAMES.find(([, f]) => f === field)?.[0]} is not a string`);
    } else if (field === EdgeField.Data) {
      this.readData();
    } else {
      const text = parser.readString();
      if (field === EdgeField.ClientIp) this.readClientIp(text);
      else this.assignString(field, text);
    }
  }

  private readReceivedAt(first: number): void {
    const parser = this.parser;
    const start = parser.pos;
    if (first === 0x6e) {
      parser.readLiteral(); // null: time.Time.UnmarshalJSON ignores it
      return;
    }
    if (first === 0x22) parser.scanString();
    else parser.readValue(1);
    const seconds = parseGoRfc3339Token(parser.buf, start, parser.pos);
    if (seconds === null) this.stopError(`receivedAt is not an RFC 3339 time: ${excerpt(parser.buf.toString('utf8', start, Math.min(parser.pos, start + 60)))}`);
    else if (!this.stopped) this.result.receivedAt = seconds;
  }

  private readClientIp(text: string): void {
    if (text === '') return this.assignClientIp('<nil>');
    const ip = goIpText(text);
    if (ip === null) this.stopError(`clientIp is not an IP address: ${excerpt(text)}`);
    else this.assignClientIp(ip);
  }

  private readRecordVersion(first: number): void {
    const parser = this.parser;
    if (first === 0x2d || (first >= 0x30 && first <= 0x39)) {
      const start = parser.pos;
      const version = parseInt64(parser.buf.toString('latin1', start, parser.scanNumber()));
      if (version === null) this.typeError('recordversion is not an int64');
      else if (!this.stopped) this.result.recordVersion = version;
      return;
    }
    parser.readValue(1);
    this.typeError('recordversion is not a number');
  }

  private readData(): void {
    const parser = this.parser;
    const start = parser.pos + 1;
    const end = parser.scanString();
    if (this.stopped) return;
    if (parser.scannedStringIsVerbatim()) this.result.data = parser.buf.subarray(start, end);
    else {
      parser.pos = start - 1;
      this.result.data = Buffer.from(parser.readString(), 'utf8');
    }
  }

  private assignString(field: EdgeField, text: string): void {
    if (this.stopped) return;
    const r = this.result;
    if (field === EdgeField.Uuid) r.uuid = text;
    else if (field === EdgeField.UserAgent) r.userAgent = text;
    else if (field === EdgeField.EdgeType) r.edgeType = text;
    else if (field === EdgeField.XForwardedFor) r.xForwardedFor = text;
  }

  private assignClientIp(ip: string): void {
    if (!this.stopped) this.result.clientIp = ip;
  }

  /** Wrong JSON type: Go records the error and keeps decoding the other fields. */
  private typeError(reason: string): void {
    if (this.error === null) this.error = reason;
  }

  /** A field's own parser failed: Go stops decoding here. */
  private stopError(reason: string): void {
    if (this.stopped) return;
    this.error = reason; // takes precedence over an earlier type error, as in Go
    this.stopped = true;
    this.edgeTypeAtStop = this.result.edgeType;
  }
}

/**
 * Decode one Format-B line. Throws JsonSyntaxError for invalid JSON and EdgeLineError for a valid JSON
 * value that Go could not decode into a `spade.Event`.
 */
export function decodeEdgeLine(line: Buffer): EdgeLine {
  return new EdgeLineDecoder(new JsonParser(line)).decode();
}

/** The opt-in check of §2.3: the first comma-separated element of X-Forwarded-For must be an IP. */
export function firstForwardedIpIsValid(xForwardedFor: string): boolean {
  const comma = xForwardedFor.indexOf(',');
  return parseGoIp(comma >= 0 ? xForwardedFor.slice(0, comma) : xForwardedFor) !== null;
}
