/**
 * The parser's fast path from a JSON edge line to its events' outcomes, with rows in the loading
 * encoding. It covers what nearly every line is — a decodable edge line whose payload events are
 * tracked (with an object of properties) or non-tracked — and gives up (returns null) on anything
 * else: the caller then runs the general path (parseLine + transformEvent + loadRow), whose results
 * this one matches exactly wherever it answers.
 */
import {
  compactJsonBytes, EdgeLineScanner, PayloadScanner, PROPERTIES_MISSING, PROPERTIES_OBJECT, SCAN_BAIL, SCAN_DONE,
} from '@spade/events';
import { GeoIp } from './geoip';
import { GeoValueCache } from './geoValueCache';
import { RowBuffer } from './rowBuffer';
import { TableRowWriter } from './rowWriter';
import { TableSet } from './tableConfig';
import { nontrackedRecord } from './transformEvent';

// Module-level copies of the scanner's answers, read per event (see rowWriter.ts).
const DONE = SCAN_DONE;
const BAIL = SCAN_BAIL;
const MISSING = PROPERTIES_MISSING;
const OBJECT = PROPERTIES_OBJECT;

/**
 * One event's outcome (the shape of the pipeline's LineOutcome). `row` is a view of the fast path's
 * buffer and `uuid` is read from the line when asked for — only side records (non-tracked events)
 * use it, so a row costs no uuid string — and both are valid until the fast path's next line.
 */
export class FastOutcome {
  table?: string;
  /** The row in the loading encoding, UTF-8. */
  row?: Buffer;
  nontracked?: string;
  reason?: string;

  constructor(
    readonly status: 'ok' | 'skipped_column' | 'nontracked',
    readonly name: string,
    readonly version: number,
    private readonly lines: FastLines,
    /** Which line of `lines` the event came from, and its index among the line's events. */
    private readonly line: number,
    private readonly index: number,
  ) {}

  get uuid(): string {
    return this.lines.uuidOf(this.line, this.index);
  }
}

export class FastLines {
  private readonly writers = new Map<string, TableRowWriter>();
  private readonly scanner: PayloadScanner<TableRowWriter>;
  private readonly row = new RowBuffer();
  private readonly edge = new EdgeLineScanner();
  /** Lines seen, so an outcome can tell that its line is gone; the last line's events. */
  private line = 0;
  private lineEvents = 0;

  constructor(tables: TableSet, geo: GeoIp) {
    const geoValues = new GeoValueCache(geo);
    for (const table of tables.values()) this.writers.set(table.name, new TableRowWriter(table, geo, geoValues));
    this.scanner = new PayloadScanner((name) => this.writers.get(name));
  }

  /** The outcomes of one line, or null when the general path has to decide. Never throws. */
  outcomes(line: Buffer): FastOutcome[] | null {
    if (line.length === 0 || line[0] !== 0x7b) return null; // JSON edge lines without leading blanks
    try {
      return this.decode(line);
    } catch {
      return null; // an error event: the general path words it
    }
  }

  /**
   * An event's uuid: the line's, or `<line's>-<index>` when the line has several events (as
   * parseLine numbers them). Throws when the outcome's line is not the last one (its bytes are gone).
   */
  uuidOf(line: number, index: number): string {
    if (line !== this.line) throw new Error('a fast-path outcome was read after the next line');
    const uuid = this.edge.uuid();
    return this.lineEvents === 1 ? uuid : `${uuid}-${index}`;
  }

  private decode(line: Buffer): FastOutcome[] | null {
    const edge = this.edge;
    this.line++;
    this.lineEvents = 0;
    if (!edge.scan(line)) return null;
    this.row.reset();
    const scanner = this.scanner;
    const payload = edge.payload();
    if (payload === null || !scanner.begin(payload)) return null;
    const outcomes: FastOutcome[] = [];
    for (;;) {
      const found = scanner.next();
      if (found === DONE) break;
      if (found === BAIL) return null;
      const outcome = this.outcomeOfScanned(outcomes.length);
      if (outcome === null) return null;
      outcomes.push(outcome);
    }
    this.lineEvents = outcomes.length;
    return outcomes;
  }

  /** The event the scanner is on: a row, a non-tracked record, or null (empty or malformed events). */
  private outcomeOfScanned(index: number): FastOutcome | null {
    const scanner = this.scanner;
    const { name, target } = scanner;
    if (name === '') return null;
    if (target === undefined) {
      const properties =
        scanner.properties === MISSING
          ? 'null'
          : compactJsonBytes(scanner.parser.buf.subarray(scanner.propertiesStart, scanner.propertiesEnd)).toString('utf8');
      const outcome = new FastOutcome('nontracked', name, 0, this, this.line, index);
      outcome.nontracked = nontrackedRecord(name, properties);
      return outcome;
    }
    if (scanner.properties !== OBJECT) return null;
    const row = this.row;
    const start = row.length;
    const reason = target.write(scanner.parser, this.edge, row);
    const { table } = target;
    const outcome = new FastOutcome(reason === undefined ? 'ok' : 'skipped_column', name, table.version, this, this.line, index);
    outcome.table = table.name;
    outcome.row = row.bytes(start);
    if (reason !== undefined) outcome.reason = reason;
    return outcome;
  }
}
