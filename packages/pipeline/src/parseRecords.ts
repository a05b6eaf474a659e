import { parseLine } from '@spade/events';
import { loadRow, spadeRow, transformEvent, type GeoIp, type TableSet } from '@spade/transform';

export type RowFormat = 'spade' | 'load' | 'json';
export const ROW_FORMATS: readonly RowFormat[] = ['spade', 'load', 'json'];

/**
 * How one produced event was parsed — one `spade parse` output record. `row` is present when a
 * row is written (ok, skipped_column); `reason` says why for anything not ok.
 */
export interface ParseRecord {
  line: number;
  uuid: string;
  event: string;
  table: string | null;
  version: number;
  status: string;
  row?: string | Record<string, string | null>;
  reason?: string;
}

/** Records of one input line (an empty line is one malformed record: it holds no event). */
export function parseRecords(text: Buffer, line: number, tables: TableSet, geo: GeoIp, format: RowFormat): ParseRecord[] {
  if (text.length === 0) return [{ line, uuid: '', event: 'Unknown', table: null, version: 0, status: 'malformed', reason: 'empty line' }];
  return parseLine(text).map((event) => {
    const result = transformEvent(event, tables, geo);
    const written = result.values !== undefined && result.table !== undefined;
    const record: ParseRecord = {
      line,
      uuid: result.uuid,
      event: result.name,
      table: written ? result.table! : null,
      version: result.version,
      status: result.status,
    };
    if (written) record.row = formatRow(result.values!, tables.get(result.table!)!, format);
    if (result.reason !== undefined) record.reason = result.reason;
    return record;
  });
}

function formatRow(values: (string | null)[], table: NonNullable<ReturnType<TableSet['get']>>, format: RowFormat): ParseRecord['row'] {
  if (format === 'spade') return spadeRow(values);
  if (format === 'load') return loadRow(values, table.columns);
  const row: Record<string, string | null> = {};
  table.columns.forEach((column, i) => (row[column.outboundName] = values[i]));
  return row;
}
