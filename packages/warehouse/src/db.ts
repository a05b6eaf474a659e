/**
 * The pg handles this package accepts, and transactions on one connection.
 */
import type { Client, ClientBase, Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { withHeader } from './sqlText';

const BEGIN_SQL = withHeader({ does: 'start a transaction.', inputs: 'none.', returns: 'nothing.' }, 'BEGIN');
const COMMIT_SQL = withHeader({ does: 'commit the transaction.', inputs: 'none.', returns: 'nothing.' }, 'COMMIT');
const ROLLBACK_SQL = withHeader(
  { does: 'roll the transaction back (a step failed).', inputs: 'none.', returns: 'nothing.' },
  'ROLLBACK',
);

/** Anything that runs one statement: a Pool, a PoolClient or a Client. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

export type Database = Pool | PoolClient | Client;

function isPool(db: Database): db is Pool {
  return typeof (db as Pool).totalCount === 'number';
}

/**
 * BEGIN, work, COMMIT on one connection (checked out of the pool when given a pool); ROLLBACK
 * when work throws, and the error of work is what is thrown. A connection whose ROLLBACK
 * failed is closed instead of going back to the pool.
 */
export async function inTransaction<T>(db: Database, work: (client: ClientBase) => Promise<T>): Promise<T> {
  if (!isPool(db)) return transaction(db, work, () => undefined);
  const client = await db.connect();
  let unusable: Error | undefined;
  try {
    return await transaction(client, work, (error) => {
      unusable = error;
    });
  } finally {
    client.release(unusable);
  }
}

async function transaction<T>(
  client: ClientBase,
  work: (client: ClientBase) => Promise<T>,
  onRollbackFailed: (error: Error) => void,
): Promise<T> {
  await client.query(BEGIN_SQL);
  let result: T;
  try {
    result = await work(client);
  } catch (error) {
    try {
      await client.query(ROLLBACK_SQL);
    } catch (rollbackError) {
      onRollbackFailed(rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)));
    }
    throw error;
  }
  await client.query(COMMIT_SQL);
  return result;
}
