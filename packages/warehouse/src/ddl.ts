/**
 * Event tables: one per table of the table config, named exactly after the event, with one
 * column per config column, named by OutboundName, in config order.
 */
import { columnType, ColumnDefinitionError, ColumnSpec } from './columnTypes';
import { Database, inTransaction } from './db';
import type { Dialect } from './dialect';
import { qualifiedName, quoteIdentifier } from './identifiers';
import { withHeader } from './sqlText';

/** Structural: @spade/transform's Table matches it. */
export interface TableSpec {
  name: string;
  version: number;
  columns: readonly ColumnSpec[];
}

function columnDefinitions(dialect: Dialect, table: TableSpec): string[] {
  const seen = new Set<string>();
  let sortkeys = 0;
  let distkeys = 0;
  const definitions = table.columns.map((column) => {
    const name = quoteIdentifier(column.outboundName, dialect, 'column');
    // Redshift folds identifiers to lower case, so names differing only in case collide there.
    const folded = column.outboundName.toLowerCase();
    if (seen.has(folded)) throw new ColumnDefinitionError(`column ${name} appears twice`);
    seen.add(folded);
    let type: string;
    try {
      type = columnType(dialect, column);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ColumnDefinitionError(`column ${name}: ${reason}`);
    }
    if (type.includes(' sortkey')) sortkeys++;
    if (type.includes(' distkey')) distkeys++;
    return `  ${name} ${type}`;
  });
  // Redshift takes at most one column-level SORTKEY and one DISTKEY per table.
  if (sortkeys > 1 || distkeys > 1) throw new ColumnDefinitionError('more than one sortkey or distkey column');
  if (definitions.length === 0) throw new ColumnDefinitionError('a table needs at least one column');
  return definitions;
}

export function createTableSql(dialect: Dialect, schema: string, table: TableSpec): string {
  const name = qualifiedName(dialect, schema, table.name);
  let columns: string[];
  try {
    columns = columnDefinitions(dialect, table);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ColumnDefinitionError(`table ${name}: ${reason}`);
  }
  return withHeader(
    {
      does: `create the event table ${name} (config version ${table.version}) unless it exists.`,
      steps: 'CREATE TABLE IF NOT EXISTS, one column per config column in config order; an existing table is left as it is.',
      inputs: 'none (names and types come from the validated table config).',
      returns: 'nothing.',
    },
    `CREATE TABLE IF NOT EXISTS ${name} (\n${columns.join(',\n')}\n)`,
  );
}

export function createSchemaSql(dialect: Dialect, schema: string): string {
  const name = quoteIdentifier(schema, dialect, 'schema');
  return withHeader(
    { does: `create the schema ${name} unless it exists.`, inputs: 'none.', returns: 'nothing.' },
    `CREATE SCHEMA IF NOT EXISTS ${name}`,
  );
}

/** Serializes DDL of concurrent processes: PostgreSQL's CREATE ... IF NOT EXISTS is not safe
 * against a racing identical CREATE (unique violation on the catalog). */
export const DDL_LOCK_SQL = withHeader(
  {
    does: 'take the transaction-scoped advisory lock that serializes Spade DDL.',
    inputs: '$1 lock name.',
    returns: 'one row once the lock is held (released at commit / rollback).',
  },
  'SELECT pg_advisory_xact_lock(hashtext($1))',
);

export const DDL_LOCK_NAME = 'spade.ddl';

/**
 * Creates the schema and every missing event table, in one transaction. All statements are
 * built first, so a bad table config fails before anything is created.
 */
export async function ensureTables(db: Database, dialect: Dialect, schema: string, tables: readonly TableSpec[]): Promise<void> {
  const statements = [createSchemaSql(dialect, schema), ...tables.map((table) => createTableSql(dialect, schema, table))];
  await runDdl(db, dialect, statements);
}

export async function runDdl(db: Database, dialect: Dialect, statements: readonly string[]): Promise<void> {
  await inTransaction(db, async (client) => {
    if (dialect === 'postgres') await client.query(DDL_LOCK_SQL, [DDL_LOCK_NAME]);
    for (const statement of statements) await client.query(statement);
  });
}
