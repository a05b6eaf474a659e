/**
 * The file, chunk and load ledgers, beside the event tables in the warehouse. They make every
 * stage idempotent: a file is scheduled once, a re-parsed chunk overwrites its own row, a part
 * is loaded once.
 */
import { Database, inTransaction, Queryable } from './db';
import type { Dialect } from './dialect';
import { runDdl, createSchemaSql } from './ddl';
import { BATCH_ROWS, ledgerSql } from './ledgerSql';

/** Where the ledgers live. */
export interface LedgerTarget {
  dialect: Dialect;
  schema: string;
}

export interface FileRecord {
  fileId: string;
  bucket: string;
  key: string;
  etag: string;
  size: number;
  chunkCount: number;
}

export interface ChunkRecord {
  fileId: string;
  chunkIndex: number;
  lines: number;
  events: number;
  rejects: number;
  nontracked: number;
  /** Parts this chunk put on load queues (one per table with rows, per part size limit). */
  partCount: number;
}

export async function ensureLedgers(db: Database, target: LedgerTarget): Promise<void> {
  const sql = ledgerSql(target.dialect, target.schema);
  await runDdl(db, target.dialect, [createSchemaSql(target.dialect, target.schema), ...sql.createTables]);
}

/** True only for the first caller for this file id (others see it already recorded). */
export async function recordFile(db: Database, target: LedgerTarget, file: FileRecord): Promise<boolean> {
  const sql = ledgerSql(target.dialect, target.schema);
  const values = [file.fileId, file.bucket, file.key, file.etag, file.size, file.chunkCount];
  if (target.dialect === 'postgres') {
    const result = await db.query(sql.recordFile, values);
    return result.rowCount === 1;
  }
  return inTransaction(db, async (client) => {
    await client.query(sql.lockFiles);
    const result = await client.query(sql.recordFile, values);
    return result.rowCount === 1;
  });
}

/** Stamps enqueued_at the first time; true if this call stamped it. */
export async function markEnqueued(db: Queryable, target: LedgerTarget, fileId: string): Promise<boolean> {
  const result = await db.query(ledgerSql(target.dialect, target.schema).markEnqueued, [fileId]);
  return result.rowCount === 1;
}

/** Idempotent: recording the same chunk again replaces its counts. */
export async function recordChunk(db: Database, target: LedgerTarget, chunk: ChunkRecord): Promise<void> {
  const sql = ledgerSql(target.dialect, target.schema);
  const counts = [chunk.lines, chunk.events, chunk.rejects, chunk.nontracked, chunk.partCount];
  if (target.dialect === 'postgres') {
    await db.query(sql.recordChunk[0], [chunk.fileId, chunk.chunkIndex, ...counts]);
    return;
  }
  await inTransaction(db, async (client) => {
    await client.query(sql.lockChunks);
    await client.query(sql.recordChunk[0], [chunk.fileId, chunk.chunkIndex]);
    await client.query(sql.recordChunk[1], [chunk.fileId, chunk.chunkIndex, ...counts]);
  });
}

/** The subset of `partIds` already in the load ledger. */
export async function loadedPartIds(db: Queryable, target: LedgerTarget, partIds: readonly string[]): Promise<Set<string>> {
  const sql = ledgerSql(target.dialect, target.schema);
  const loaded = new Set<string>();
  for (let i = 0; i < partIds.length; i += BATCH_ROWS) {
    const batch = partIds.slice(i, i + BATCH_ROWS);
    const result = await db.query<{ part_id: string }>(sql.selectLoadedParts(batch.length), batch);
    for (const row of result.rows) loaded.add(row.part_id);
  }
  return loaded;
}

export interface LoadedPart {
  partId: string;
  fileId: string;
  rows: number;
}

/** Inserts the parts of one batch into the load ledger (inside the batch's transaction). */
export async function insertLoadedParts(
  db: Queryable,
  target: LedgerTarget,
  table: string,
  batchKey: string,
  parts: readonly LoadedPart[],
): Promise<void> {
  const sql = ledgerSql(target.dialect, target.schema);
  for (let i = 0; i < parts.length; i += BATCH_ROWS) {
    const batch = parts.slice(i, i + BATCH_ROWS);
    const values: unknown[] = [];
    for (const part of batch) values.push(part.partId, table, part.fileId, part.rows, batchKey);
    await db.query(sql.insertLoads(batch.length), values);
  }
}
