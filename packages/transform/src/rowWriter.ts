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
 *
 * The columns are compiled into a function of the table's own (rowCode.ts); this class holds the
 * slots and the steps that function calls.
 */
import { JsonNumber, JsonParser, JsonValue, PropertySlots, PropertyTarget, PropertyValues, VALUE_ABSENT } from '@spade/events';
import { loadField } from './encodings';
import { GeoIp } from './geoip';
import { GEO_TRANSFORMERS, GeoValueCache } from './geoValueCache';
import { InjectedProperty } from './injectedProperties';
import { RowBuffer } from './rowBuffer';
import {
  compileRowFunction, COPY_BIGINT, COPY_BOOL, COPY_INT, COPY_NOTHING, COPY_VARCHAR, FROM_CLIENT_TIME, FROM_IP, FROM_PROPERTY, FROM_SERVER_TIME, FROM_USER_AGENT,
  type CompiledColumn, type EdgeFields, type RowFunction, type RowWriterSteps,
} from './rowCode';
import { Column, Table } from './tableConfig';
import { columnProblem, notFound } from './transformEvent';
import { TransformError } from './transformers/types';

const EMPTY = Buffer.alloc(0);

function copyModeOf(column: Column): number {
  switch (column.transformer) {
    case 'varchar': return COPY_VARCHAR;
    case 'int': return COPY_INT;
    case 'bigint': return COPY_BIGINT;
    case 'bool': return COPY_BOOL;
    default: return COPY_NOTHING;
  }
}

export class TableRowWriter implements PropertyTarget, RowWriterSteps {
  readonly slots: PropertySlots;
  readonly values: PropertyValues;
  /** Property name → slot, while compiling. */
  private readonly slotNames = new Map<string, number>();
  private readonly columns: CompiledColumn[];
  private readonly writeRow: RowFunction;
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
    this.writeRow = compileRowFunction(this.columns);
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
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    return this.writeRow(this, parser, parser.buf, kinds, starts, ends, edge, out);
  }

  /** The slot an injected column reads (client_time: `time` first; ip, user_agent: the property), or -1. */
  injectedSlot(c: CompiledColumn, kinds: Uint8Array): number {
    if (kinds[c.slot] !== VALUE_ABSENT) return c.slot;
    if (c.from === FROM_CLIENT_TIME && kinds[c.fallbackSlot] !== VALUE_ABSENT) return c.fallbackSlot;
    return -1;
  }

  /** A column's input (undefined: missing) through its transformer, or the GeoIP cache, into the row. */
  writeInput(c: CompiledColumn, input: JsonValue | undefined, out: RowBuffer): string | undefined {
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

  writeServerTime(c: CompiledColumn, serverTime: string, out: RowBuffer): string | undefined {
    if (serverTime !== c.lastServerTime) {
      const output = c.column.transform(new JsonNumber(serverTime), this.geo);
      c.lastServerTimeOutput = typeof output !== 'string' ? output : Buffer.from(c.column.loadSafe ? output : loadField(output, c.column.maxBytes), 'utf8');
      c.lastServerTime = serverTime;
    }
    return this.writeEncoded(c, c.lastServerTimeOutput, out);
  }

  /** The slot's value as the full decoder reads it. */
  build(parser: JsonParser, slot: number): JsonValue {
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
