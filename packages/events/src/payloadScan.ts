/**
 * The fast path of payload JSON decoding (step 3 of decodePayload) for the parser's hot loop. Instead
 * of building every event's properties as an object, it walks the payload once and notes, for the
 * properties a table reads, where each value is (a token range and its kind); all other values are
 * validated and skipped without building anything. Values are built later, and only when needed, by
 * re-reading their token with the same JsonParser (so they follow Go's rules exactly).
 *
 * It covers the shapes real payloads have: one event object, or an array starting with exactly `[{`
 * of event objects. It accepts exactly the JSON that decodePayloadJson accepts (a syntax error throws
 * JsonSyntaxError), and answers BAIL for whatever it does not cover — a `null` or non-object event,
 * a non-string `event`, leading whitespace — so the caller can use the full decoder on that payload.
 */
import { JsonParser } from './jsonDecode';
import { skipJsonValue } from './jsonSkip';
import { isEventKey, isPropertiesKey } from './payload';
import { PLAIN, QUOTE, STRING_BYTE_KIND } from './jsonSyntax';
import { PropertySlots } from './propertySlots';
import { stepHash } from './stringCache';

/** Kinds of property values. A string is ASCII when its body has no escape and no byte ≥ 0x80. */
export const VALUE_ABSENT = 0;
export const VALUE_ASCII_STRING = 1;
export const VALUE_STRING = 2;
export const VALUE_NUMBER = 3;
export const VALUE_TRUE = 4;
export const VALUE_FALSE = 5;
export const VALUE_NULL = 6;
export const VALUE_CONTAINER = 7;

/** Where the values of one event's read properties are: by slot, a kind and a token range. */
export class PropertyValues {
  readonly kinds: Uint8Array;
  /** Token ranges in the payload: `[start, end)`, quotes included for strings. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;

  constructor(readonly size: number) {
    this.kinds = new Uint8Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
  }

  /** Every slot absent (a loop: tables have a few dozen slots, fewer than a builtin call is worth). */
  clear(): void {
    const kinds = this.kinds;
    for (let i = 0; i < kinds.length; i++) kinds[i] = VALUE_ABSENT;
  }
}

/** What a tracked event's properties are decoded into: property name → slot of `values`. */
export interface PropertyTarget {
  readonly slots: PropertySlots;
  readonly values: PropertyValues;
}

/** What scanner.next() found. */
export const SCAN_DONE = 0;
export const SCAN_EVENT = 1;
export const SCAN_BAIL = 2;

/** How the last `properties` value of an event looked. */
export const PROPERTIES_MISSING = 0;
export const PROPERTIES_OBJECT = 1;
export const PROPERTIES_OTHER = 2;

// What a key of an event object is.
const MEMBER_OTHER = 0;
const MEMBER_EVENT = 1;
const MEMBER_PROPERTIES = 2;

/** The two keys as clients write them, with quotes and colon: matched from the bytes, no string built. */
const EVENT_KEY = Buffer.from('"event":', 'latin1');
const PROPERTIES_KEY = Buffer.from('"properties":', 'latin1');

/** What a decoded key names, by Go's field matching (as the full decoder matches it). */
function memberOfKey(key: string): number {
  if (isEventKey(key)) return MEMBER_EVENT;
  if (isPropertiesKey(key)) return MEMBER_PROPERTIES;
  return MEMBER_OTHER;
}

/**
 * Walks the events of one payload at a time. After next() returns SCAN_EVENT: `name` is the event
 * name, `target` its PropertyTarget (undefined when `targetOf` knows none), `properties` how the
 * properties value looked and `[propertiesStart, propertiesEnd)` its token; when `target` is set and
 * the properties are an object, `target.values` holds the event's values. After the last event,
 * next() returns SCAN_DONE once the rest of the payload is checked (only whitespace may follow).
 */
export class PayloadScanner<T extends PropertyTarget> {
  readonly parser: JsonParser = new JsonParser(Buffer.alloc(0));
  name = '';
  target: T | undefined = undefined;
  properties = PROPERTIES_MISSING;
  propertiesStart = 0;
  propertiesEnd = 0;
  /** Events scanned so far in this payload. */
  count = 0;
  private inArray = false;
  private finished = false;
  /** The last name looked up and its target: an event's name is looked up twice, and runs of one event are common. */
  private lookedUpName = '';
  private lookedUpTarget: T | undefined = undefined;

  /** `targetOf` must answer the same for the same name: its answers are remembered. */
  constructor(private readonly targetOf: (name: string) => T | undefined) {}

  /** targetOf(name), for a non-empty name. */
  private targetFor(name: string): T | undefined {
    if (name !== this.lookedUpName) {
      this.lookedUpTarget = this.targetOf(name);
      this.lookedUpName = name;
    }
    return this.lookedUpTarget;
  }

  /** Starts on a payload; false when its shape is not one the scanner covers. */
  begin(json: Buffer): boolean {
    this.parser.reset(json);
    this.count = 0;
    this.finished = false;
    if (json.length > 1 && json[0] === 0x5b && json[1] === 0x7b) {
      this.inArray = true;
      this.parser.pos = 1;
      return true;
    }
    this.inArray = false;
    return json.length > 0 && json[0] === 0x7b;
  }

  /** Scans the next event; SCAN_EVENT, SCAN_DONE, or SCAN_BAIL for shapes not covered. */
  next(): number {
    const parser = this.parser;
    if (this.finished) return SCAN_DONE;
    if (this.count > 0) {
      if (!this.inArray) return this.finish();
      parser.skipWhitespace();
      const separator = parser.peek();
      parser.pos++;
      if (separator === 0x5d) return this.finish();
      if (separator !== 0x2c) {
        parser.pos--;
        parser.failUnexpected('after array element');
      }
      parser.skipWhitespace();
    }
    if (parser.peek() !== 0x7b) return SCAN_BAIL;
    const status = this.readEventObject(this.inArray ? 2 : 1);
    this.count++;
    return status;
  }

  private finish(): number {
    this.parser.expectEnd();
    this.finished = true;
    return SCAN_DONE;
  }

  /** One event object at `pos` (its `{`); `depth` counts it and the containers around it. */
  private readEventObject(depth: number): number {
    const parser = this.parser;
    this.name = '';
    this.target = undefined;
    this.properties = PROPERTIES_MISSING;
    let decodedFor: T | undefined;
    parser.pos++;
    parser.skipWhitespace();
    if (parser.peek() === 0x7d) {
      parser.pos++;
      return SCAN_EVENT;
    }
    for (;;) {
      const member = this.readMemberKey();
      parser.skipWhitespace();
      if (member === MEMBER_EVENT) {
        const first = parser.peek();
        if (first === 0x22) this.name = parser.readString();
        else if (first === 0x6e) parser.readLiteral();
        else return SCAN_BAIL; // a type error: the full decoder words it
      } else if (member === MEMBER_PROPERTIES) {
        decodedFor = this.readProperties(depth);
      } else {
        skipJsonValue(parser, depth);
      }
      if (parser.endOfObjectMember()) break;
    }
    this.target = this.name === '' ? undefined : this.targetFor(this.name);
    if (this.target !== undefined && this.properties === PROPERTIES_OBJECT && decodedFor !== this.target) {
      // The name came after the properties (or changed): decode them again for the final table.
      const resume = parser.pos;
      parser.pos = this.propertiesStart;
      this.decodeInto(this.target, depth);
      parser.pos = resume;
    }
    return SCAN_EVENT;
  }

  /** An event object's key and its colon, as readObjectKey reads them, answered as what it names. */
  private readMemberKey(): number {
    const parser = this.parser;
    if (parser.skipBytes(EVENT_KEY)) return MEMBER_EVENT;
    if (parser.skipBytes(PROPERTIES_KEY)) return MEMBER_PROPERTIES;
    return memberOfKey(parser.readObjectKey());
  }

  /** A `properties` value (the last one wins); returns the target it was decoded for, if any. */
  private readProperties(depth: number): T | undefined {
    const parser = this.parser;
    const first = parser.peek();
    this.propertiesStart = parser.pos;
    let decodedFor: T | undefined;
    if (first === 0x7b) {
      this.properties = PROPERTIES_OBJECT;
      decodedFor = this.name === '' ? undefined : this.targetFor(this.name);
      if (decodedFor !== undefined) this.decodeInto(decodedFor, depth);
      else skipJsonValue(parser, depth);
    } else {
      this.properties = PROPERTIES_OTHER;
      skipJsonValue(parser, depth);
    }
    this.propertiesEnd = parser.pos;
    return decodedFor;
  }

  /** The properties object at `pos` into the target's slots (validated as readValue would). */
  private decodeInto(target: T, depth: number): void {
    const parser = this.parser;
    const { slots, values } = target;
    const { kinds, starts, ends } = values;
    values.clear();
    parser.pos++;
    parser.skipWhitespace();
    if (parser.peek() === 0x7d) {
      parser.pos++;
      return;
    }
    let previous = -1; // the slot of the last key read (unknown keys are not counted)
    for (;;) {
      const slot = this.readKeySlot(slots, previous);
      parser.skipWhitespace();
      if (slot < 0) skipJsonValue(parser, depth + 1);
      else {
        previous = slot;
        const start = parser.pos;
        kinds[slot] = this.readSlotValue(depth + 1);
        starts[slot] = start;
        ends[slot] = parser.pos;
      }
      if (parser.endOfObjectMember()) return;
    }
  }

  /**
   * An object key and its colon, as readObjectKey reads them, answered as the key's slot (-1: not
   * read). A plain ASCII key is looked up by its bytes; any other goes through the full decoder.
   */
  private readKeySlot(slots: PropertySlots, previous: number): number {
    const parser = this.parser;
    parser.skipWhitespace();
    const buf = parser.buf;
    const start = parser.pos + 1;
    let slot = -2;
    if (parser.peek() !== 0x22) {
      // not a key: readObjectKey reports it
    } else if ((slot = slots.guessedSlot(previous, buf, start)) >= 0) {
      parser.pos = start + slots.names[slot].length + 2; // past the closing quote and the colon
      return slot; // the guess stays as it is
    } else {
      slot = -2;
      let hash = 0;
      for (let p = start; p < buf.length; p++) {
        const b = buf[p];
        const kind = STRING_BYTE_KIND[b];
        if (kind === PLAIN) hash = stepHash(hash, b);
        else {
          if (kind === QUOTE) {
            slot = slots.slotOfBytes(buf, start, p, hash);
            parser.pos = p + 1;
          }
          break;
        }
      }
    }
    if (slot === -2) slot = slots.slotOfName(parser.readObjectKey());
    else {
      parser.skipWhitespace();
      if (parser.peek() !== 0x3a) parser.failUnexpected('after object key');
      parser.pos++;
    }
    if (slot >= 0) slots.remember(previous, slot);
    return slot;
  }

  /** Validates the value at `pos`, moves past it and returns its kind. */
  private readSlotValue(depth: number): number {
    const parser = this.parser;
    const b = parser.peek();
    if (b === 0x22) {
      parser.scanString();
      return parser.scannedStringIsAscii() ? VALUE_ASCII_STRING : VALUE_STRING;
    }
    if (b === 0x2d || (b >= 0x30 && b <= 0x39)) {
      parser.scanNumber();
      return VALUE_NUMBER;
    }
    if (b === 0x74 || b === 0x66 || b === 0x6e) {
      const literal = parser.readLiteral();
      return literal === true ? VALUE_TRUE : literal === false ? VALUE_FALSE : VALUE_NULL;
    }
    skipJsonValue(parser, depth); // a container, or a syntax error it reports
    return VALUE_CONTAINER;
  }
}
