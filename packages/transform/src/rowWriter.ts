/**
 * One table compiled for the parser's fast path: the properties its columns read get slots (filled
 * by the events package's PayloadScanner), and a row is written straight into a RowBuffer in the
 * loading encoding. It gives exactly what transformEvent + loadRow give:
 *
 * - the common values are copied from the payload bytes: an ASCII string into a varchar (cut to its
 *   width), an integer literal that is already canonical and in range into int/bigint, true/false
 *   into bool — in each case the value the transformer would produce, which the loading encoding
 *   leaves as it is (JSON text of an ASCII string holds no control character and no backslash);
 * - every other value is built from its token with the full decoder and goes through the column's
 *   own transformer and loadField, as in the general path.
 */
import { JsonNumber, JsonParser, JsonValue, PropertySlots, PropertyTarget, PropertyValues, VALUE_ABSENT, VALUE_ASCII_STRING, VALUE_FALSE, VALUE_NUMBER, VALUE_TRUE } from '@spade/events';
import { loadText } from './encodings';
import { GeoIp } from './geoip';
import { GEO_TRANSFORMERS, GeoValueCache } from './geoValueCache';
import { InjectedProperty } from './injectedProperties';
import { RowBuffer } from './rowBuffer';
import { Column, Table } from './tableConfig';
import { columnProblem, notFound } from './transformEvent';
import { TransformError } from './transformers/types';

/** The edge line's part of an event, as the injected columns read it. */
export interface EdgeFields {
  readonly serverTime: string;
  /** The client IP as a 32-bit number when it is a plain IPv4 address, else -1. */
  readonly clientIpv4: number;
  /** Methods, so only the columns that read them pay for the strings. */
  clientIp(): string;
  /** `''` when the line has none. */
  userAgent(): string;
}

// Where a column's input comes from.
const FROM_PROPERTY = 0;
const FROM_SERVER_TIME = 1;
const FROM_CLIENT_TIME = 2;
const FROM_IP = 3;
const FROM_USER_AGENT = 4;

// Which values a column copies from the payload bytes.
const COPY_NOTHING = 0;
const COPY_VARCHAR = 1;
const COPY_INT = 2;
const COPY_BIGINT = 3;
const COPY_BOOL = 4;

// Module-level copies of the scanner's value kinds, read per column: an imported binding is an
// accessor on the other package's exports (how TypeScript compiles re-exports), which optimized
// code calls through a generic property lookup on every use.
const ABSENT = VALUE_ABSENT;
const ASCII_STRING = VALUE_ASCII_STRING;
const NUMBER = VALUE_NUMBER;
const TRUE = VALUE_TRUE;
const FALSE = VALUE_FALSE;

const TAB = 0x09;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const TRUE_BYTES = Buffer.from('true');
const EMPTY = Buffer.alloc(0);
const FALSE_BYTES = Buffer.from('false');

interface CompiledColumn {
  column: Column;
  /** Index into GEO_TRANSFORMERS for GeoIP columns, else -1. */
  geoKind: number;
  /** The column's problem when its property is missing. */
  notFound: string;
  from: number;
  /** Slot read first (-1: none); `fallbackSlot` is client_time's second choice. */
  slot: number;
  fallbackSlot: number;
  copy: number;
  /** Integer literals with fewer digits are always in range (int: 10, bigint: 19). */
  safeDigits: number;
  maxBytes: number;
  /** The server-time column's last input and output (encoded): events of one second share them. */
  lastServerTime: string;
  lastServerTimeOutput: Buffer | TransformError;
}

function copyModeOf(column: Column): number {
  switch (column.transformer) {
    case 'varchar': return COPY_VARCHAR;
    case 'int': return COPY_INT;
    case 'bigint': return COPY_BIGINT;
    case 'bool': return COPY_BOOL;
    default: return COPY_NOTHING;
  }
}

export class TableRowWriter implements PropertyTarget {
  readonly slots: PropertySlots;
  readonly values: PropertyValues;
  /** Property name → slot, while compiling. */
  private readonly slotNames = new Map<string, number>();
  private readonly columns: CompiledColumn[];
  /** Values built from slots during one write (a GeoIP address is read by several columns), valid when their stamp is the write's. */
  private readonly built: (JsonValue | undefined)[];
  private readonly builtStamps: Uint32Array;
  private stamp = 0;

  constructor(
    readonly table: Table,
    private readonly geo: GeoIp,
    private readonly geoValues: GeoValueCache,
  ) {
    this.columns = table.columns.map((column) => this.compile(column));
    this.slots = new PropertySlots([...this.slotNames.keys()]);
    this.values = new PropertyValues(this.slots.size);
    this.built = new Array<JsonValue | undefined>(this.slots.size).fill(undefined);
    this.builtStamps = new Uint32Array(this.slots.size);
  }

  private slotOf(name: string): number {
    let slot = this.slotNames.get(name);
    if (slot === undefined) this.slotNames.set(name, (slot = this.slotNames.size));
    return slot;
  }

  private compile(column: Column): CompiledColumn {
    const compiled: CompiledColumn = {
      column,
      geoKind: GEO_TRANSFORMERS.indexOf(column.transformer),
      notFound: notFound(column),
      from: FROM_PROPERTY,
      slot: -1,
      fallbackSlot: -1,
      copy: copyModeOf(column),
      safeDigits: column.transformer === 'int' ? 10 : 19,
      maxBytes: column.maxBytes ?? 0,
      lastServerTime: '',
      lastServerTimeOutput: EMPTY,
    };
    switch (column.injected) {
      case InjectedProperty.Time:
        compiled.from = FROM_SERVER_TIME;
        break;
      case InjectedProperty.ClientTime:
        compiled.from = FROM_CLIENT_TIME;
        compiled.slot = this.slotOf('time');
        compiled.fallbackSlot = this.slotOf('client_time');
        break;
      case InjectedProperty.Ip:
        compiled.from = FROM_IP;
        compiled.slot = this.slotOf('ip');
        break;
      case InjectedProperty.UserAgent:
        compiled.from = FROM_USER_AGENT;
        compiled.slot = this.slotOf('user_agent');
        break;
      default:
        compiled.slot = this.slotOf(column.inboundName);
    }
    return compiled;
  }

  /**
   * Writes the row of the event whose properties were just scanned into `values` (from `parser`'s
   * buffer); returns the skipped-column reason, or undefined when every column has a value.
   */
  write(parser: JsonParser, edge: EdgeFields, out: RowBuffer): string | undefined {
    const { kinds, starts, ends } = this.values;
    const buf = parser.buf;
    const columns = this.columns;
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    let reason: string | undefined;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      if (i > 0) out.byte(TAB);
      let problem: string | undefined;
      let slot = c.slot;
      if (c.from !== FROM_PROPERTY) {
        slot = c.from === FROM_SERVER_TIME ? -1 : this.injectedSlot(c, kinds);
        if (slot < 0) {
          problem = this.writeFromEdge(c, edge, out);
          if (problem !== undefined) reason = reason === undefined ? problem : reason + '; ' + problem;
          continue;
        }
      }
      const kind = kinds[slot];
      if (kind === ABSENT) problem = c.notFound;
      else {
        // The common values, copied from the payload (see the module comment).
        switch (c.copy) {
          case COPY_VARCHAR:
            if (kind === ASCII_STRING) {
              const bodyStart = starts[slot] + 1;
              const bodyEnd = Math.min(ends[slot] - 1, bodyStart + c.maxBytes);
              if (bodyEnd > bodyStart) out.copy(buf, bodyStart, bodyEnd);
              continue;
            }
            break;
          case COPY_INT:
          case COPY_BIGINT:
            if (kind === NUMBER && copyCanonicalInteger(buf, starts[slot], ends[slot], c.safeDigits, out)) continue;
            break;
          case COPY_BOOL:
            if (kind === TRUE) {
              out.copy(TRUE_BYTES, 0, 4);
              continue;
            }
            if (kind === FALSE) {
              out.copy(FALSE_BYTES, 0, 5);
              continue;
            }
            break;
        }
        problem = this.writeInput(c, this.build(parser, slot), out);
      }
      if (problem !== undefined) reason = reason === undefined ? problem : reason + '; ' + problem;
    }
    return reason;
  }

  /** The slot an injected column reads (client_time: `time` first; ip, user_agent: the property), or -1. */
  private injectedSlot(c: CompiledColumn, kinds: Uint8Array): number {
    if (kinds[c.slot] !== ABSENT) return c.slot;
    if (c.from === FROM_CLIENT_TIME && kinds[c.fallbackSlot] !== ABSENT) return c.fallbackSlot;
    return -1;
  }

  /** An injected column the event has no property for: its value from the edge line. */
  private writeFromEdge(c: CompiledColumn, edge: EdgeFields, out: RowBuffer): string | undefined {
    if (c.from === FROM_SERVER_TIME) return this.writeServerTime(c, edge.serverTime, out);
    if (c.from === FROM_IP && c.geoKind >= 0 && edge.clientIpv4 >= 0) {
      return this.writeEncoded(c, this.geoValues.ipv4Value(c.column, c.geoKind, edge.clientIpv4, edge), out); // by number: no text made
    }
    return this.writeInput(c, edgeInput(c, edge), out);
  }

  /** A column's input (undefined: missing) through its transformer, or the GeoIP cache, into the row. */
  private writeInput(c: CompiledColumn, input: JsonValue | undefined, out: RowBuffer): string | undefined {
    if (input === undefined) return c.notFound;
    if (c.geoKind >= 0 && typeof input === 'string') return this.writeEncoded(c, this.geoValues.value(c.column, c.geoKind, input), out);
    return this.writeTransformed(c, c.column.transform(input, this.geo), out);
  }

  /** A transformer's output into the row; returns the column's problem when it failed. */
  private writeTransformed(c: CompiledColumn, output: string | TransformError, out: RowBuffer): string | undefined {
    if (typeof output !== 'string') return columnProblem(c.column, output.message);
    if (output === '') return undefined;
    if (c.column.loadSafe) out.text(output);
    else out.field(output, c.column.maxBytes);
    return undefined;
  }

  /** A value's bytes already in the loading encoding (or its error) into the row. */
  private writeEncoded(c: CompiledColumn, value: Buffer | TransformError, out: RowBuffer): string | undefined {
    if (!(value instanceof Uint8Array)) return columnProblem(c.column, value.message);
    out.copy(value, 0, value.length);
    return undefined;
  }

  private writeServerTime(c: CompiledColumn, serverTime: string, out: RowBuffer): string | undefined {
    if (serverTime !== c.lastServerTime) {
      const output = c.column.transform(new JsonNumber(serverTime), this.geo);
      c.lastServerTimeOutput = typeof output !== 'string' ? output : Buffer.from(loadText(output, c.column), 'utf8');
      c.lastServerTime = serverTime;
    }
    return this.writeEncoded(c, c.lastServerTimeOutput, out);
  }

  /** The slot's value as the full decoder reads it. */
  private build(parser: JsonParser, slot: number): JsonValue {
    if (this.builtStamps[slot] === this.stamp) return this.built[slot]!;
    const resume = parser.pos;
    parser.pos = this.values.starts[slot];
    const value = parser.readValue();
    parser.pos = resume;
    this.built[slot] = value;
    this.builtStamps[slot] = this.stamp;
    return value;
  }
}

/** The edge's value for an injected column without its property: the client IP, or the user agent when there is one. */
function edgeInput(c: CompiledColumn, edge: EdgeFields): string | undefined {
  if (c.from === FROM_IP) return edge.clientIp();
  if (c.from === FROM_USER_AGENT) {
    const userAgent = edge.userAgent();
    return userAgent !== '' ? userAgent : undefined;
  }
  return undefined; // client_time has no edge value
}

/**
 * A JSON integer literal (no fraction or exponent; JSON allows no leading zeros) with fewer than
 * `safeDigits` digits is its own canonical decimal and in range; `-0` is `0`. False for anything else.
 */
function copyCanonicalInteger(buf: Buffer, start: number, end: number, safeDigits: number, out: RowBuffer): boolean {
  const digitsStart = buf[start] === MINUS ? start + 1 : start;
  if (end - digitsStart >= safeDigits) return false;
  for (let i = digitsStart; i < end; i++) {
    const b = buf[i];
    if (b < ZERO || b > NINE) return false;
  }
  if (buf[digitsStart] === ZERO) out.byte(ZERO);
  else out.copy(buf, start, end);
  return true;
}
