/**
 * loadBatch: one batch of parts into one event table, exactly once, in ONE transaction:
 *   1. take the table's load lock (PostgreSQL: advisory lock on the table name; Redshift:
 *      LOCK on the table), so loads of a table run one at a time;
 *   2. re-check the load ledger for the batch's parts — if any is there, roll back and throw
 *      PartsAlreadyLoadedError with their ids;
 *   3. COPY (PostgreSQL: the gzip file streamed from S3 into COPY FROM STDIN; Redshift: COPY
 *      FROM the batch's S3 manifest) and check the row count against the parts;
 *   4. insert every part id into the load ledger; commit.
 * A crash anywhere before the commit leaves neither rows nor ledger entries behind.
 */
import type { Readable } from 'node:stream';
import type { ClientBase } from 'pg';
import { Database, inTransaction } from './db';
import type { Dialect } from './dialect';
import { CopyFailedError, PartsAlreadyLoadedError, RowCountMismatchError } from './errors';
import { qualifiedName } from './identifiers';
import { insertLoadedParts, LedgerTarget, LoadedPart, loadedPartIds } from './ledgers';
import { copyGzipStream, postgresCopySql } from './postgresCopy';
import {
  credentialSecrets,
  LAST_COPY_COUNT_SQL,
  RedshiftCredentials,
  redactSecrets,
  redshiftCopySql,
} from './redshiftCopy';
import { withHeader } from './sqlText';

/** PostgreSQL: opens the batch's gzip file (e.g. getObjectStream from S3). Called only once the
 * lock is held and the ledger check passed, so no stream waits on a lock. */
export interface StreamSource {
  kind: 'stream';
  open(): Promise<Readable> | Readable;
}

/** Redshift: the batch's manifest in S3 and how Redshift may read it. */
export interface ManifestSource {
  kind: 'manifest';
  manifestUrl: string;
  credentials: RedshiftCredentials;
  region?: string;
}

export type LoadSource = StreamSource | ManifestSource;

export interface LoadBatchRequest {
  schema: string;
  table: string;
  /** Column names (OutboundName) in the order of the batch file's fields. */
  columns: readonly string[];
  parts: readonly LoadedPart[];
  /** S3 key of the batch file (or its manifest), kept in the load ledger. */
  batchKey: string;
  source: LoadSource;
}

export interface LoadBatchResult {
  rows: number;
  parts: number;
}

const LOAD_LOCK_SQL = withHeader(
  {
    does: 'take the transaction-scoped advisory lock that lets one load at a time into a table.',
    inputs: '$1 lock name (spade.load:"schema"."table").',
    returns: 'one row once the lock is held (released at commit / rollback).',
  },
  'SELECT pg_advisory_xact_lock(hashtext($1))',
);

function redshiftLockSql(table: string): string {
  return withHeader(
    { does: `lock ${table} until commit, so one load at a time goes into it.`, inputs: 'none.', returns: 'nothing.' },
    `LOCK ${table}`,
  );
}

function checkSource(dialect: Dialect, source: LoadSource): void {
  const wanted = dialect === 'postgres' ? 'stream' : 'manifest';
  if (source.kind !== wanted) throw new Error(`a ${dialect} load needs a ${wanted} source, not ${source.kind}`);
}

export async function loadBatch(pool: Database, dialect: Dialect, request: LoadBatchRequest): Promise<LoadBatchResult> {
  const table = qualifiedName(dialect, request.schema, request.table);
  checkSource(dialect, request.source);
  if (request.parts.length === 0) return { rows: 0, parts: 0 };
  if (new Set(request.parts.map((part) => part.partId)).size !== request.parts.length) {
    throw new Error(`a batch for ${table} lists a part id twice`);
  }
  const target: LedgerTarget = { dialect, schema: request.schema };
  const expectedRows = request.parts.reduce((sum, part) => sum + part.rows, 0);
  // Build the COPY statement before BEGIN: a bad name or credential fails without a transaction.
  const copySql = dialect === 'postgres'
    ? postgresCopySql(request.schema, request.table, request.columns)
    : redshiftCopySql(request, request.source as ManifestSource);

  return inTransaction(pool, async (client) => {
    if (dialect === 'postgres') await client.query(LOAD_LOCK_SQL, [`spade.load:${table}`]);
    else await client.query(redshiftLockSql(table));

    const already = await loadedPartIds(client, target, request.parts.map((part) => part.partId));
    if (already.size > 0) {
      const ids = request.parts.filter((part) => already.has(part.partId)).map((part) => part.partId);
      throw new PartsAlreadyLoadedError(table, ids, request.parts.length);
    }

    const rows = request.source.kind === 'stream'
      ? await copyFromStream(client, table, copySql, request.source)
      : await copyFromManifest(client, table, copySql, request.source);
    if (rows !== expectedRows) throw new RowCountMismatchError(table, expectedRows, rows);

    await insertLoadedParts(client, target, request.table, request.batchKey, request.parts);
    return { rows, parts: request.parts.length };
  });
}

async function copyFromStream(client: ClientBase, table: string, sql: string, source: StreamSource): Promise<number> {
  const stream = await source.open();
  try {
    return await copyGzipStream(client, sql, stream);
  } catch (error) {
    const { message, code } = errorParts(error);
    throw new CopyFailedError(table, message, code, error);
  }
}

async function copyFromManifest(client: ClientBase, table: string, sql: string, source: ManifestSource): Promise<number> {
  try {
    await client.query(sql);
  } catch (error) {
    // Redshift's message should never carry the statement, but the credentials are in it:
    // make sure they cannot reach an error, a log or a failed job.
    const { message, code } = errorParts(error);
    throw new CopyFailedError(table, redactSecrets(message, credentialSecrets(source.credentials)), code);
  }
  const result = await client.query<{ rows: string | number }>(LAST_COPY_COUNT_SQL);
  return Number(result.rows[0]?.rows ?? 0);
}

function errorParts(error: unknown): { message: string; code: string | undefined } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { message: error.message, code: typeof code === 'string' ? code : undefined };
  }
  return { message: String(error), code: undefined };
}
