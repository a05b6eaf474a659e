/**
 * SQL of the three ledgers (files, chunks, loads), per dialect and schema. PostgreSQL gets
 * ON CONFLICT / RETURNING; Redshift, which has neither and does not enforce primary keys, gets
 * statements meant to run under an explicit LOCK in a transaction.
 */
import type { Dialect } from './dialect';
import { qualifiedName } from './identifiers';
import { placeholders, withHeader } from './sqlText';

export const LEDGER_TABLES = { files: 'spade_files', chunks: 'spade_chunks', loads: 'spade_loads' } as const;

/** Rows per multi-row INSERT / ids per IN list (well under PostgreSQL's 65535 parameters). */
export const BATCH_ROWS = 1000;

export interface LedgerSql {
  files: string;
  chunks: string;
  loads: string;
  createTables: string[];
  recordFile: string;
  lockFiles: string;
  markEnqueued: string;
  recordChunk: string[];
  lockChunks: string;
  selectLoadedParts(count: number): string;
  insertLoads(count: number): string;
  fileSummary: string;
  rowsPerTable: string;
  chunkTotals: string;
}

interface DialectWords {
  /** Type of ids, keys and names: Redshift's TEXT would be varchar(256), too short for S3 keys. */
  text: string;
  now: string;
}

const WORDS: Record<Dialect, DialectWords> = {
  postgres: { text: 'text', now: 'now()' },
  // SYSDATE: the start of the transaction; NOW() is a deprecated leader-node-only function.
  redshift: { text: 'varchar(2048)', now: 'SYSDATE' },
};

function createTables(dialect: Dialect, files: string, chunks: string, loads: string): string[] {
  const { text, now } = WORDS[dialect];
  const statements = [
    withHeader(
      { does: `create the file ledger ${files} unless it exists: one row per input object the scheduler found.`, inputs: 'none.', returns: 'nothing.' },
      `CREATE TABLE IF NOT EXISTS ${files} (
  file_id ${text} PRIMARY KEY,
  bucket ${text} NOT NULL,
  key ${text} NOT NULL,
  etag ${text} NOT NULL,
  size bigint NOT NULL,
  chunk_count int NOT NULL,
  discovered_at timestamptz NOT NULL DEFAULT ${now},
  enqueued_at timestamptz NULL
)`,
    ),
    withHeader(
      { does: `create the chunk ledger ${chunks} unless it exists: one row per parsed chunk with its counts.`, inputs: 'none.', returns: 'nothing.' },
      `CREATE TABLE IF NOT EXISTS ${chunks} (
  file_id ${text} NOT NULL,
  chunk_index int NOT NULL,
  lines bigint NOT NULL,
  events bigint NOT NULL,
  rejects bigint NOT NULL,
  nontracked bigint NOT NULL,
  part_count int NOT NULL,
  parsed_at timestamptz NOT NULL DEFAULT ${now},
  PRIMARY KEY (file_id, chunk_index)
)`,
    ),
    withHeader(
      { does: `create the load ledger ${loads} unless it exists: one row per part committed to its event table.`, inputs: 'none.', returns: 'nothing.' },
      `CREATE TABLE IF NOT EXISTS ${loads} (
  part_id ${text} PRIMARY KEY,
  table_name ${text} NOT NULL,
  file_id ${text} NOT NULL,
  rows bigint NOT NULL,
  batch_key ${text} NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT ${now}
)`,
    ),
  ];
  if (dialect === 'postgres') {
    statements.push(withHeader(
      { does: `index ${loads} by file_id, for the status summary's loaded-parts-per-file count.`, inputs: 'none.', returns: 'nothing.' },
      `CREATE INDEX IF NOT EXISTS spade_loads_file_id ON ${loads} (file_id)`,
    ));
  }
  return statements;
}

function recordFile(dialect: Dialect, files: string): string {
  const header = {
    does: `record a newly found input file in ${files}, once.`,
    inputs: '$1 file_id, $2 bucket, $3 key, $4 etag, $5 size, $6 chunk_count.',
  };
  if (dialect === 'postgres') {
    return withHeader(
      { ...header, steps: 'insert the row; if the file_id is already there, do nothing.', returns: 'the file_id row only when this call inserted it.' },
      `INSERT INTO ${files} (file_id, bucket, key, etag, size, chunk_count)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (file_id) DO NOTHING
RETURNING file_id`,
    );
  }
  return withHeader(
    { ...header, steps: 'run under LOCK of the file ledger; insert the row only if no row has this file_id.', returns: 'row count 1 when this call inserted it, else 0.' },
    `INSERT INTO ${files} (file_id, bucket, key, etag, size, chunk_count)
SELECT CAST($1 AS varchar(2048)), CAST($2 AS varchar(2048)), CAST($3 AS varchar(2048)), CAST($4 AS varchar(2048)), CAST($5 AS bigint), CAST($6 AS int)
WHERE NOT EXISTS (SELECT 1 FROM ${files} WHERE file_id = $1)`,
  );
}

function recordChunk(dialect: Dialect, chunks: string): string[] {
  const inputs = '$1 file_id, $2 chunk_index, $3 lines, $4 events, $5 rejects, $6 nontracked, $7 part_count.';
  const { now } = WORDS[dialect];
  if (dialect === 'postgres') {
    return [withHeader(
      {
        does: `record a parsed chunk in ${chunks}; a re-parse of the same chunk overwrites its row.`,
        steps: 'insert; on an existing (file_id, chunk_index) replace the counts and parsed_at.',
        inputs,
        returns: 'nothing.',
      },
      `INSERT INTO ${chunks} (file_id, chunk_index, lines, events, rejects, nontracked, part_count, parsed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, ${now})
ON CONFLICT (file_id, chunk_index) DO UPDATE SET
  lines = EXCLUDED.lines, events = EXCLUDED.events, rejects = EXCLUDED.rejects,
  nontracked = EXCLUDED.nontracked, part_count = EXCLUDED.part_count, parsed_at = EXCLUDED.parsed_at`,
    )];
  }
  return [
    withHeader(
      { does: `remove the earlier row of a re-parsed chunk from ${chunks} (under LOCK, before the insert).`, inputs: '$1 file_id, $2 chunk_index.', returns: 'nothing.' },
      `DELETE FROM ${chunks} WHERE file_id = $1 AND chunk_index = $2`,
    ),
    withHeader(
      { does: `record a parsed chunk in ${chunks} (under LOCK, after the delete).`, inputs, returns: 'nothing.' },
      `INSERT INTO ${chunks} (file_id, chunk_index, lines, events, rejects, nontracked, part_count, parsed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, ${now})`,
    ),
  ];
}

function lockSql(table: string, purpose: string): string {
  return withHeader(
    { does: `lock ${table} until commit: ${purpose}`, inputs: 'none.', returns: 'nothing.' },
    `LOCK ${table}`,
  );
}

function statusSql(files: string, chunks: string, loads: string): Pick<LedgerSql, 'fileSummary' | 'rowsPerTable' | 'chunkTotals'> {
  return {
    fileSummary: withHeader(
      {
        does: 'count files discovered, fully parsed and fully loaded, and find the oldest file not loaded yet.',
        steps: 'per file: chunks parsed and parts expected (chunk ledger), parts loaded (load ledger); parsed = every chunk recorded; loaded = parsed and loaded parts = expected parts.',
        inputs: 'none.',
        returns: 'one row: files, parsed_files, loaded_files, oldest_unloaded_at.',
      },
      `WITH chunk_totals AS (
  SELECT file_id, COUNT(*) AS chunks, SUM(part_count) AS parts FROM ${chunks} GROUP BY file_id
), load_totals AS (
  SELECT file_id, COUNT(*) AS parts FROM ${loads} GROUP BY file_id
), file_states AS (
  SELECT f.discovered_at,
    CASE WHEN COALESCE(c.chunks, 0) = f.chunk_count THEN 1 ELSE 0 END AS parsed,
    CASE WHEN COALESCE(c.chunks, 0) = f.chunk_count AND COALESCE(l.parts, 0) = COALESCE(c.parts, 0) THEN 1 ELSE 0 END AS loaded
  FROM ${files} f
  LEFT JOIN chunk_totals c ON c.file_id = f.file_id
  LEFT JOIN load_totals l ON l.file_id = f.file_id
)
SELECT COUNT(*) AS files,
  COALESCE(SUM(parsed), 0) AS parsed_files,
  COALESCE(SUM(loaded), 0) AS loaded_files,
  MIN(CASE WHEN loaded = 0 THEN discovered_at END) AS oldest_unloaded_at
FROM file_states`,
    ),
    rowsPerTable: withHeader(
      { does: 'sum the rows and parts loaded into each event table.', inputs: 'none.', returns: 'one row per table: table_name, rows, parts, ordered by table_name.' },
      `SELECT table_name, SUM(rows) AS rows, COUNT(*) AS parts FROM ${loads} GROUP BY table_name ORDER BY table_name`,
    ),
    chunkTotals: withHeader(
      { does: 'sum the per-chunk counts of the chunk ledger.', inputs: 'none.', returns: 'one row: lines, events, rejects, nontracked.' },
      `SELECT COALESCE(SUM(lines), 0) AS lines, COALESCE(SUM(events), 0) AS events,
  COALESCE(SUM(rejects), 0) AS rejects, COALESCE(SUM(nontracked), 0) AS nontracked
FROM ${chunks}`,
    ),
  };
}

function buildLedgerSql(dialect: Dialect, schema: string): LedgerSql {
  const files = qualifiedName(dialect, schema, LEDGER_TABLES.files);
  const chunks = qualifiedName(dialect, schema, LEDGER_TABLES.chunks);
  const loads = qualifiedName(dialect, schema, LEDGER_TABLES.loads);
  const { now } = WORDS[dialect];
  return {
    files,
    chunks,
    loads,
    createTables: createTables(dialect, files, chunks, loads),
    recordFile: recordFile(dialect, files),
    lockFiles: lockSql(files, 'makes the check-then-insert of recordFile atomic.'),
    markEnqueued: withHeader(
      { does: `stamp a file in ${files} as enqueued (the first time only).`, inputs: '$1 file_id.', returns: 'row count 1 if the file was not marked before.' },
      `UPDATE ${files} SET enqueued_at = ${now} WHERE file_id = $1 AND enqueued_at IS NULL`,
    ),
    recordChunk: recordChunk(dialect, chunks),
    lockChunks: lockSql(chunks, 'makes the delete-then-insert of recordChunk atomic.'),
    selectLoadedParts: (count) => withHeader(
      { does: `find which of the given parts are already in ${loads}.`, inputs: `$1..$${count} part ids.`, returns: 'one row (part_id) per part already loaded.' },
      `SELECT part_id FROM ${loads} WHERE part_id IN (${placeholders(count)})`,
    ),
    insertLoads: (count) => withHeader(
      {
        does: `record ${count} loaded parts in ${loads}, in the transaction of their COPY.`,
        inputs: 'per part five parameters: part_id, table_name, file_id, rows, batch_key.',
        returns: 'nothing.',
      },
      `INSERT INTO ${loads} (part_id, table_name, file_id, rows, batch_key) VALUES\n${
        Array.from({ length: count }, (_, i) => `(${placeholders(5, i * 5 + 1)})`).join(',\n')
      }`,
    ),
    ...statusSql(files, chunks, loads),
  };
}

const cache = new Map<string, LedgerSql>();

/** Built once per dialect and schema. */
export function ledgerSql(dialect: Dialect, schema: string): LedgerSql {
  const cacheKey = `${dialect}\u0000${schema}`;
  let sql = cache.get(cacheKey);
  if (sql === undefined) {
    sql = buildLedgerSql(dialect, schema);
    cache.set(cacheKey, sql);
  }
  return sql;
}
