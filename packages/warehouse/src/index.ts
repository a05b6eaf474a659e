/** The warehouse: dialects, event-table DDL, ledgers, exactly-once batch loads. */
export type { Dialect } from './dialect';
export { DIALECTS, assertDialect } from './dialect';
export { quoteIdentifier, qualifiedName, checkIdentifier, IdentifierError } from './identifiers';
export { columnType, parseCreationOptions, ColumnDefinitionError, BARE_VARCHAR_LENGTH } from './columnTypes';
export type { ColumnSpec } from './columnTypes';
export { createTableSql, createSchemaSql, ensureTables } from './ddl';
export type { TableSpec } from './ddl';
export type { Database, Queryable } from './db';
export { inTransaction } from './db';
export {
  ensureLedgers,
  recordFile,
  markEnqueued,
  recordChunk,
  loadedPartIds,
  insertLoadedParts,
} from './ledgers';
export type { LedgerTarget, FileRecord, ChunkRecord, LoadedPart } from './ledgers';
export { LEDGER_TABLES, ledgerSql } from './ledgerSql';
export { fileProgress, statusSummary } from './status';
export type { StatusSummary, TableLoadSummary } from './status';
export { loadBatch } from './loadBatch';
export type { LoadBatchRequest, LoadBatchResult, LoadSource, StreamSource, ManifestSource } from './loadBatch';
export { postgresCopySql } from './postgresCopy';
export { redshiftCopySql, manifestJson, redactSecrets, credentialSecrets } from './redshiftCopy';
export type { RedshiftCredentials, RedshiftCopySource, RedshiftCopyTarget } from './redshiftCopy';
export { PartsAlreadyLoadedError, RowCountMismatchError, CopyFailedError } from './errors';
export { unenqueuedFiles, recordedEtags } from './fileQueries';
