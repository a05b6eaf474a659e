/**
 * A table's row writing compiled into a function of its own: each column's source and copy mode
 * become straight-line code, with its slot, width and mode as constants. One loop over every
 * table's columns cost three times as much in the parser as in a loop over one table's events:
 * its branches on each column's source and mode go a different way table after table, which a
 * processor cannot predict. In a table's own function each branch belongs to one column.
 *
 * Only integers of our own (slots, widths, digit counts, column indexes) are written into the
 * code; names and values never are.
 */
import { JsonParser, JsonValue, VALUE_ABSENT, VALUE_ASCII_STRING, VALUE_FALSE, VALUE_NUMBER, VALUE_TRUE } from '@spade/events';
import type { RowBuffer } from './rowBuffer';
import type { Column } from './tableConfig';
import type { TransformError } from './transformers/types';

/** The edge line's part of an event, as the injected columns read it. */
export interface EdgeFields {
  readonly serverTime: string;
  readonly clientIp: string;
  /** `''` when the line has none; a method, so only tables that read it pay for the string. */
  userAgent(): string;
}

// Where a column's input comes from.
export const FROM_PROPERTY = 0;
export const FROM_SERVER_TIME = 1;
export const FROM_CLIENT_TIME = 2;
export const FROM_IP = 3;
export const FROM_USER_AGENT = 4;

// Which values a column copies from the payload bytes.
export const COPY_NOTHING = 0;
export const COPY_VARCHAR = 1;
export const COPY_INT = 2;
export const COPY_BIGINT = 3;
export const COPY_BOOL = 4;

export interface CompiledColumn {
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

/** What the compiled function calls on its table's writer for everything but the copies. */
export interface RowWriterSteps {
  /** A column's input (undefined: missing) through its transformer into the row; its problem, if any. */
  writeInput(c: CompiledColumn, input: JsonValue | undefined, out: RowBuffer): string | undefined;
  writeServerTime(c: CompiledColumn, serverTime: string, out: RowBuffer): string | undefined;
  /** The slot an injected column reads, or -1 (then the edge's value). */
  injectedSlot(c: CompiledColumn, kinds: Uint8Array): number;
  /** The slot's value as the full decoder reads it. */
  build(parser: JsonParser, slot: number): JsonValue;
}

/** Writes one event's row (its columns separated by TAB); returns the skipped-column reason, if any. */
export type RowFunction = (
  steps: RowWriterSteps, parser: JsonParser, buf: Buffer, kinds: Uint8Array, starts: Int32Array, ends: Int32Array, edge: EdgeFields, out: RowBuffer,
) => string | undefined;

const TAB = 0x09;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const TRUE_BYTES = Buffer.from('true');
const FALSE_BYTES = Buffer.from('false');

/** The edge's value for an injected column without its property: the client IP, or the user agent when there is one. */
function edgeInput(c: CompiledColumn, edge: EdgeFields): string | undefined {
  if (c.from === FROM_IP) return edge.clientIp;
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

const HELPERS = { edgeInput, copyCanonicalInteger, TRUE_BYTES, FALSE_BYTES };

const ADD_PROBLEM = "if (p !== undefined) reason = reason === undefined ? p : reason + '; ' + p;";

function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer for row code: ${n}`);
  return String(n);
}

/** The column's value from the slot `s` (a constant or the variable `slot`) when it is present. */
function propertyCode(c: CompiledColumn, i: number, s: string): string {
  const general = `{ p = w.writeInput(C[${int(i)}], w.build(parser, ${s}), out); ${ADD_PROBLEM} }`;
  let copy: string;
  switch (c.copy) {
    case COPY_VARCHAR:
      copy = `if (kind === ${VALUE_ASCII_STRING}) { b = starts[${s}] + 1; e = Math.min(ends[${s}] - 1, b + ${int(c.maxBytes)}); if (e > b) out.copy(buf, b, e); } else ${general}`;
      break;
    case COPY_INT:
    case COPY_BIGINT:
      copy = `if (!(kind === ${VALUE_NUMBER} && copyCanonicalInteger(buf, starts[${s}], ends[${s}], ${int(c.safeDigits)}, out))) ${general}`;
      break;
    case COPY_BOOL:
      copy = `if (kind === ${VALUE_TRUE}) out.copy(TRUE_BYTES, 0, 4); else if (kind === ${VALUE_FALSE}) out.copy(FALSE_BYTES, 0, 5); else ${general}`;
      break;
    default:
      copy = general;
  }
  return `kind = kinds[${s}];\nif (kind === ${VALUE_ABSENT}) { p = C[${int(i)}].notFound; ${ADD_PROBLEM} } else { ${copy} }`;
}

function columnCode(c: CompiledColumn, i: number): string {
  switch (c.from) {
    case FROM_PROPERTY:
      return propertyCode(c, i, int(c.slot));
    case FROM_SERVER_TIME:
      return `p = w.writeServerTime(C[${int(i)}], edge.serverTime, out); ${ADD_PROBLEM}`;
    default: // injected: the property when present, else the edge's value
      return [
        `slot = w.injectedSlot(C[${int(i)}], kinds);`,
        `if (slot < 0) { p = w.writeInput(C[${int(i)}], edgeInput(C[${int(i)}], edge), out); ${ADD_PROBLEM} }`,
        `else { ${propertyCode(c, i, 'slot')} }`,
      ].join('\n');
  }
}

/** Compiles a table's columns into its row function (see the module comment). */
export function compileRowFunction(columns: readonly CompiledColumn[]): RowFunction {
  const lines = ['let reason, p, kind, slot, b, e;'];
  columns.forEach((c, i) => {
    if (i > 0) lines.push(`out.byte(${TAB});`);
    lines.push(columnCode(c, i));
  });
  lines.push('return reason;');
  const source = [
    'const { edgeInput, copyCanonicalInteger, TRUE_BYTES, FALSE_BYTES } = H;',
    'return function writeRow(w, parser, buf, kinds, starts, ends, edge, out) {',
    ...lines,
    '};',
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point of this module
  const factory = new Function('C', 'H', source) as (c: readonly CompiledColumn[], h: typeof HELPERS) => RowFunction;
  return factory(columns, HELPERS);
}
