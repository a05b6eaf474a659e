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

/** One event's outcome (the shape of the pipeline's LineOutcome). */
export interface FastOutcome {
  status: 'ok' | 'skipped_column' | 'nontracked';
  uuid: string;
  name: string;
  version: number;
  table?: string;
  /** The row in the loading encoding, UTF-8: a view of the fast path's buffer, valid until its next line. */
  row?: Buffer;
  nontracked?: string;
  reason?: string;
}

export class FastLines {
  private readonly writers = new Map<string, TableRowWriter>();
  private readonly scanner: PayloadScanner<TableRowWriter>;
  private readonly row = new RowBuffer();
  private readonly edge = new EdgeLineScanner();

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

  private decode(line: Buffer): FastOutcome[] | null {
    const edge = this.edge;
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
      const outcome = this.outcomeOfScanned();
      if (outcome === null) return null;
      outcomes.push(outcome);
    }
    if (outcomes.length === 1) outcomes[0].uuid = edge.uuid;
    else for (let i = 0; i < outcomes.length; i++) outcomes[i].uuid = `${edge.uuid}-${i}`;
    return outcomes;
  }

  /** The event the scanner is on: a row, a non-tracked record, or null (empty or malformed events). */
  private outcomeOfScanned(): FastOutcome | null {
    const scanner = this.scanner;
    const { name, target } = scanner;
    if (name === '') return null;
    if (target === undefined) {
      const properties =
        scanner.properties === MISSING
          ? 'null'
          : compactJsonBytes(scanner.parser.buf.subarray(scanner.propertiesStart, scanner.propertiesEnd)).toString('utf8');
      return { status: 'nontracked', uuid: '', name, version: 0, nontracked: nontrackedRecord(name, properties) };
    }
    if (scanner.properties !== OBJECT) return null;
    const row = this.row;
    const start = row.length;
    const reason = target.write(scanner.parser, this.edge, row);
    const { table } = target;
    const outcome: FastOutcome = { status: reason === undefined ? 'ok' : 'skipped_column', uuid: '', name, version: table.version, table: table.name, row: row.bytes(start) };
    if (reason !== undefined) outcome.reason = reason;
    return outcome;
  }
}
