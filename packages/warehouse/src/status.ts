/**
 * statusSummary: the pipeline's progress as the ledgers see it, for `spade status` and the
 * dashboard.
 */
import type { Queryable } from './db';
import { ledgerSql } from './ledgerSql';
import type { LedgerTarget } from './ledgers';

export interface TableLoadSummary {
  table: string;
  rows: number;
  parts: number;
}

export interface StatusSummary {
  files: {
    discovered: number;
    /** Every chunk of the file is in the chunk ledger. */
    parsed: number;
    /** Parsed, and as many of its parts loaded as its chunks produced. */
    loaded: number;
  };
  /** Oldest file that is not fully loaded; ageMs is measured with this process's clock. */
  oldestUnloadedFile: { discoveredAt: Date; ageMs: number } | null;
  lines: number;
  events: number;
  rejects: number;
  nontracked: number;
  tables: TableLoadSummary[];
}

/** pg returns bigint / numeric aggregates as strings. */
function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Files discovered, fully parsed and fully loaded (the first part of statusSummary, on its own for waiting loops). */
export async function fileProgress(db: Queryable, target: LedgerTarget): Promise<StatusSummary['files']> {
  return fileProgressOf((await db.query(ledgerSql(target.dialect, target.schema).fileSummary)).rows[0]);
}

function fileProgressOf(files: Record<string, unknown>): StatusSummary['files'] {
  return { discovered: toNumber(files.files), parsed: toNumber(files.parsed_files), loaded: toNumber(files.loaded_files) };
}

export async function statusSummary(db: Queryable, target: LedgerTarget, now: Date = new Date()): Promise<StatusSummary> {
  const sql = ledgerSql(target.dialect, target.schema);
  const files = (await db.query(sql.fileSummary)).rows[0];
  const chunks = (await db.query(sql.chunkTotals)).rows[0];
  const tables = (await db.query(sql.rowsPerTable)).rows;
  const oldest = files.oldest_unloaded_at as Date | null;
  return {
    files: fileProgressOf(files),
    oldestUnloadedFile: oldest === null ? null : { discoveredAt: oldest, ageMs: Math.max(0, now.getTime() - oldest.getTime()) },
    lines: toNumber(chunks.lines),
    events: toNumber(chunks.events),
    rejects: toNumber(chunks.rejects),
    nontracked: toNumber(chunks.nontracked),
    tables: tables.map((row) => ({ table: String(row.table_name), rows: toNumber(row.rows), parts: toNumber(row.parts) })),
  };
}
