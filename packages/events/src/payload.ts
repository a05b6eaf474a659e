/**
 * The `data` payload of an edge line (SPADE-REFERENCE §2.5, latest rules): URL-unescape, choose the
 * base64 alphabet, decode strictly, then JSON — bytes starting with exactly `[{` are an array of
 * events, anything else one event object. Event objects are decoded with Go's struct rules: keys
 * `event` and `properties` match case-insensitively (last one wins), `event` must be a string (null
 * leaves it unchanged), `properties` is kept as given (any JSON value; absent → undefined). Other keys
 * are ignored, as §3.1 recommends (the original also decoded a few internal field names).
 */
import { InputError } from './inputError';
import { JsonValue } from './types';
import { JsonParser, JsonSyntaxError } from './jsonDecode';
import { UrlEscapeError, urlUnescape } from './urlUnescape';
import { Base64Error, chooseBase64Alphabet, decodeBase64, nativeDecode } from './base64';
import { matchesGoFieldName } from './goFieldName';

/** One event of a payload. */
export interface PayloadEvent {
  /** `''` when the event had no (or a null) name. */
  name: string;
  properties: JsonValue | undefined;
  /** The JSON text of `properties` exactly as sent (a view into the decoded payload). */
  rawProperties: Buffer | undefined;
}

/** The payload could not be decoded; `reason` says which step failed and why. */
export class PayloadError extends InputError {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PayloadError';
  }
}

/**
 * The usual payload, standard base64 as the client sent it, in one native step. URL-unescaping only
 * turns its `+` into spaces, which the space alphabet then reads as 62 again: when the data has no
 * `%`, space, `-` or `_`, steps 1–2 are exactly a standard decode of the data itself. Null when that
 * does not hold or the data is not clean base64 (the exact decoder then finds the error).
 */
export function decodeSentBase64(data: Buffer): Buffer | null {
  if (data.indexOf(0x25) >= 0 || data.indexOf(0x20) >= 0 || data.indexOf(0x2d) >= 0 || data.indexOf(0x5f) >= 0) return null;
  return nativeDecode(data, 'standard');
}

/** URL-unescape and base64-decode a payload (steps 1–2); throws the step's own error. */
export function decodePayloadBytes(data: Buffer): Buffer {
  const direct = decodeSentBase64(data);
  if (direct !== null) return direct;
  const unescaped = urlUnescape(data);
  return decodeBase64(unescaped, chooseBase64Alphabet(unescaped));
}

/** Go's match of an event object's key to its `event` / `properties` field (exact first, then case-insensitively). */
export function isEventKey(key: string): boolean {
  return key === 'event' || matchesGoFieldName(key, 'event');
}

export function isPropertiesKey(key: string): boolean {
  return key === 'properties' || matchesGoFieldName(key, 'properties');
}

/** Decodes the JSON of one payload (step 3) with Go's rules for MixpanelEvent / []MixpanelEvent. */
class PayloadJsonDecoder {
  private readonly parser: JsonParser;
  private typeError: string | null = null;

  constructor(private readonly json: Buffer) {
    this.parser = new JsonParser(json);
  }

  decode(): PayloadEvent[] {
    const json = this.json;
    const events =
      json.length > 1 && json[0] === 0x5b && json[1] === 0x7b ? this.readEventArray() : [this.readTopLevelEvent()];
    this.parser.expectEnd();
    if (this.typeError !== null) throw new PayloadError(`payload: ${this.typeError}`);
    return events;
  }

  private readTopLevelEvent(): PayloadEvent {
    const parser = this.parser;
    parser.skipWhitespace();
    const first = parser.peek();
    if (first === 0x5b) {
      parser.readValue(0);
      this.noteTypeError('a JSON array that does not start with exactly "[{" is not an event object');
      return emptyEvent();
    }
    return this.readEventValue('the payload', 0);
  }

  private readEventArray(): PayloadEvent[] {
    const parser = this.parser;
    const events: PayloadEvent[] = [];
    parser.pos = 1;
    for (;;) {
      events.push(this.readEventValue(`element ${events.length} of the event array`, 1));
      parser.skipWhitespace();
      const next = parser.peek();
      parser.pos++;
      if (next === 0x2c) continue;
      if (next === 0x5d) return events;
      parser.pos--;
      parser.failUnexpected('after array element');
    }
  }

  /** An event object, or null (Go leaves the struct empty); anything else is a type error. `depth`: containers around it. */
  private readEventValue(what: string, depth: number): PayloadEvent {
    const parser = this.parser;
    parser.skipWhitespace();
    const first = parser.peek();
    if (first === 0x7b) return this.readEventObject(depth + 1);
    if (first === 0x6e) {
      parser.readLiteral();
      return emptyEvent();
    }
    parser.readValue(depth);
    this.noteTypeError(`${what} is not an event object`);
    return emptyEvent();
  }

  private readEventObject(depth: number): PayloadEvent {
    const parser = this.parser;
    const event = emptyEvent();
    parser.pos++;
    parser.skipWhitespace();
    if (parser.peek() === 0x7d) {
      parser.pos++;
      return event;
    }
    for (;;) {
      const key = parser.readObjectKey();
      parser.skipWhitespace();
      if (isEventKey(key)) this.readName(event, depth);
      else if (isPropertiesKey(key)) {
        const start = parser.pos;
        event.properties = parser.readValue(depth);
        event.rawProperties = this.json.subarray(start, parser.pos);
      } else parser.readValue(depth);
      if (parser.endOfObjectMember()) return event;
    }
  }

  private readName(event: PayloadEvent, depth: number): void {
    const parser = this.parser;
    const first = parser.peek();
    if (first === 0x22) event.name = parser.readString();
    else if (first === 0x6e) parser.readLiteral();
    else {
      parser.readValue(depth);
      this.noteTypeError('"event" is not a string');
    }
  }

  private noteTypeError(reason: string): void {
    if (this.typeError === null) this.typeError = reason;
  }
}

function emptyEvent(): PayloadEvent {
  return { name: '', properties: undefined, rawProperties: undefined };
}

/** Decode the JSON of a payload (after base64); throws JsonSyntaxError or PayloadError. */
export function decodePayloadJson(json: Buffer): PayloadEvent[] {
  return new PayloadJsonDecoder(json).decode();
}

/**
 * Decode a whole payload (steps 1–3). Throws PayloadError with a reason naming the step:
 * `data: invalid URL escape "%zz"`, `data: illegal base64 data at input byte 12`,
 * `payload is not valid JSON: …`, `payload: "event" is not a string`.
 */
export function decodePayload(data: Buffer): PayloadEvent[] {
  let json: Buffer;
  try {
    json = decodePayloadBytes(data);
  } catch (error) {
    if (error instanceof UrlEscapeError || error instanceof Base64Error) throw new PayloadError(`data: ${error.message}`);
    throw error;
  }
  try {
    return decodePayloadJson(json);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new PayloadError(`payload is not valid JSON: ${error.message}`);
    throw error;
  }
}
