/** Errors a load reports to the writer, which decides between skipping and retrying. */

/** Some parts of the batch are in the load ledger already: nothing was loaded. */
export class PartsAlreadyLoadedError extends Error {
  readonly partIds: readonly string[];

  constructor(table: string, partIds: readonly string[], total: number) {
    const shown = partIds.slice(0, 5).join(', ') + (partIds.length > 5 ? ', …' : '');
    super(`${partIds.length} of ${total} parts are already loaded into ${table}: ${shown}`);
    this.name = 'PartsAlreadyLoadedError';
    this.partIds = partIds;
  }
}

/** COPY loaded another number of rows than the parts announced: rolled back. */
export class RowCountMismatchError extends Error {
  readonly expected: number;
  readonly loaded: number;

  constructor(table: string, expected: number, loaded: number) {
    super(`COPY into ${table} loaded ${loaded} rows but the parts hold ${expected}; rolled back`);
    this.name = 'RowCountMismatchError';
    this.expected = expected;
    this.loaded = loaded;
  }
}

/** A failed COPY, its message stripped of credentials. `code` is the SQLSTATE when known. */
export class CopyFailedError extends Error {
  readonly code: string | undefined;

  /** `cause` only where it cannot hold credentials (the PostgreSQL stream path). */
  constructor(table: string, message: string, code: string | undefined, cause?: unknown) {
    super(`COPY into ${table} failed: ${message}`, cause === undefined ? undefined : { cause });
    this.name = 'CopyFailedError';
    this.code = code;
  }
}
