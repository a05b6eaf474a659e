/**
 * Scheduler look-ups in the file ledger that need no lock: files a dead scheduler recorded but
 * never enqueued, and the ETags already seen for keys (to report objects that changed).
 */
import type { Queryable } from './db';
import type { FileRecord, LedgerTarget } from './ledgers';
import { LEDGER_TABLES } from './ledgerSql';
import { qualifiedName } from './identifiers';
import { placeholders, withHeader } from './sqlText';

/** Files recorded at least `olderThanMs` ago and still not marked enqueued. */
export async function unenqueuedFiles(db: Queryable, target: LedgerTarget, olderThanMs: number): Promise<FileRecord[]> {
  const files = qualifiedName(target.dialect, target.schema, LEDGER_TABLES.files);
  const sql = withHeader(
    {
      does: `find files in ${files} whose scheduler died between recording and enqueueing them.`,
      inputs: '$1 the cut-off time (files discovered before it).',
      returns: 'file_id, bucket, key, etag, size, chunk_count of each such file.',
    },
    `SELECT file_id, bucket, key, etag, size, chunk_count FROM ${files}
WHERE enqueued_at IS NULL AND discovered_at < $1`,
  );
  const result = await db.query<{ file_id: string; bucket: string; key: string; etag: string; size: string; chunk_count: number }>(
    sql,
    [new Date(Date.now() - olderThanMs)],
  );
  return result.rows.map((r) => ({ fileId: r.file_id, bucket: r.bucket, key: r.key, etag: r.etag, size: Number(r.size), chunkCount: r.chunk_count }));
}

/** The ETags already recorded for each of `keys` in `bucket`. */
export async function recordedEtags(db: Queryable, target: LedgerTarget, bucket: string, keys: readonly string[]): Promise<Map<string, string[]>> {
  const etags = new Map<string, string[]>();
  if (keys.length === 0) return etags;
  const files = qualifiedName(target.dialect, target.schema, LEDGER_TABLES.files);
  const sql = withHeader(
    {
      does: `list the ETags ${files} holds for some keys of one bucket.`,
      inputs: '$1 bucket, $2… keys.',
      returns: 'key, etag for every recorded version of those keys.',
    },
    `SELECT key, etag FROM ${files} WHERE bucket = $1 AND key IN (${placeholders(keys.length, 2)})`,
  );
  const result = await db.query<{ key: string; etag: string }>(sql, [bucket, ...keys]);
  for (const row of result.rows) etags.set(row.key, [...(etags.get(row.key) ?? []), row.etag]);
  return etags;
}
