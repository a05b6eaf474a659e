/**
 * The dashboard's own reads of the ledgers (the shared status summary lives in @spade/warehouse).
 * Table names come from ledgerSql (validated schema); every value is a parameter.
 */
import { ledgerSql, type LedgerTarget, type Queryable } from '@spade/warehouse';

export interface MinuteLoad {
  table: string;
  /** Start of the minute. */
  minute: Date;
  rows: number;
}

/** Rows committed per table and minute since `since`, oldest first. */
export async function rowsLoadedPerMinute(db: Queryable, target: LedgerTarget, since: Date): Promise<MinuteLoad[]> {
  const { loads } = ledgerSql(target.dialect, target.schema);
  const result = await db.query(
    `SELECT table_name, date_trunc('minute', loaded_at) AS minute, SUM(rows) AS rows
FROM ${loads} WHERE loaded_at >= $1
GROUP BY table_name, date_trunc('minute', loaded_at)
ORDER BY minute, table_name`,
    [since],
  );
  return result.rows.map((row) => ({ table: String(row.table_name), minute: new Date(row.minute as Date), rows: Number(row.rows) }));
}

export type SinkKind = 'rejects' | 'nontracked';

export interface SinkChunk {
  fileId: string;
  chunkIndex: number;
  parsedAt: Date;
}

/** Columns of the chunk ledger that count each sink's records (a fixed map: never user input). */
const COUNT_COLUMN: Record<SinkKind, string> = { rejects: 'rejects', nontracked: 'nontracked' };

/** The most recently parsed chunks that wrote records to the sink: where its newest objects are. */
export async function newestChunksWith(db: Queryable, target: LedgerTarget, kind: SinkKind, limit: number): Promise<SinkChunk[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`bad limit ${limit}`);
  const { chunks } = ledgerSql(target.dialect, target.schema);
  // The limit is written into the text (checked above): Redshift takes no parameter there.
  const result = await db.query(
    `SELECT file_id, chunk_index, parsed_at FROM ${chunks} WHERE ${COUNT_COLUMN[kind]} > 0 ORDER BY parsed_at DESC, file_id, chunk_index LIMIT ${limit}`,
  );
  return result.rows.map((row) => ({ fileId: String(row.file_id), chunkIndex: Number(row.chunk_index), parsedAt: new Date(row.parsed_at as Date) }));
}
