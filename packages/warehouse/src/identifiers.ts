/**
 * SQL identifiers. Names reach SQL only from validated config (table config, settings), never
 * from event data, and are always double-quoted so reserved words and dashes
 * ("minute-watched") work.
 */
import type { Dialect } from './dialect';

/** Blueprint's rule for event and column names: letters, digits, _ and -, not starting with a
 * digit or dash. It leaves no room for quotes or whitespace inside a quoted identifier. */
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** PostgreSQL silently truncates names past 63 bytes (NAMEDATALEN - 1); Redshift allows 127. */
const MAX_LENGTH: Record<Dialect, number> = { postgres: 63, redshift: 127 };

export class IdentifierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentifierError';
  }
}

export function checkIdentifier(name: string, dialect: Dialect, what = 'identifier'): void {
  if (!NAME.test(name)) {
    throw new IdentifierError(`${what} ${JSON.stringify(name)} must be letters, digits, _ or - and not start with a digit or -`);
  }
  if (Buffer.byteLength(name) > MAX_LENGTH[dialect]) {
    throw new IdentifierError(`${what} ${JSON.stringify(name)} is longer than ${MAX_LENGTH[dialect]} bytes (${dialect} limit)`);
  }
}

export function quoteIdentifier(name: string, dialect: Dialect, what?: string): string {
  checkIdentifier(name, dialect, what);
  return `"${name}"`;
}

/** "schema"."table" */
export function qualifiedName(dialect: Dialect, schema: string, table: string): string {
  return `${quoteIdentifier(schema, dialect, 'schema')}.${quoteIdentifier(table, dialect, 'table')}`;
}
