import { parseRecords, type ParseRecord } from '@spade/pipeline';
import type { GeoIp, TableSet } from '@spade/transform';

/** What the debugger parses with: the table config and GeoIP databases the parsers use. */
export interface ParserTools {
  tables: TableSet;
  geo: GeoIp;
  /** Dropped tables, missing GeoIP databases. */
  warnings: string[];
}

export interface ColumnValue {
  name: string;
  /** null: the column is NULL in the warehouse. */
  value: string | null;
}

/** How one event of a pasted line was parsed (a `spade parse` record), and the row its table would receive. */
export interface DebuggedEvent extends Omit<ParseRecord, 'row'> {
  /** Column by column, in table order (rows only). */
  columns?: ColumnValue[];
  /** The row in the loading encoding, as COPY reads it (rows only). */
  loadLine?: string;
}

export interface DebugResult {
  events: DebuggedEvent[];
  /** Non-blank lines parsed. */
  lines: number;
  /** Non-blank lines over the limit, not parsed. */
  skippedLines: number;
}

export const MAX_DEBUG_LINES = 200;

const CR = 13;

/**
 * Parses pasted edge log lines as a parser would. Blank lines are skipped (a pasted block often
 * ends with one) but still counted, so line numbers match the text; a CR before the newline,
 * which browsers add to textarea lines, is not part of the line.
 */
export function debugLines(text: string, tools: ParserTools, maxLines: number = MAX_DEBUG_LINES): DebugResult {
  const result: DebugResult = { events: [], lines: 0, skippedLines: 0 };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.charCodeAt(line.length - 1) === CR) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    if (result.lines === maxLines) {
      result.skippedLines++;
      continue;
    }
    result.lines++;
    result.events.push(...debugLine(Buffer.from(line, 'utf8'), i + 1, tools));
  }
  return result;
}

function debugLine(bytes: Buffer, number: number, tools: ParserTools): DebuggedEvent[] {
  const asColumns = parseRecords(bytes, number, tools.tables, tools.geo, 'json');
  const asLoaded = parseRecords(bytes, number, tools.tables, tools.geo, 'load');
  return asColumns.map(({ row, ...record }, i) => {
    const event: DebuggedEvent = record;
    if (row !== undefined && typeof row === 'object') {
      event.columns = Object.entries(row).map(([name, value]) => ({ name, value }));
      event.loadLine = asLoaded[i].row as string;
    }
    return event;
  });
}
