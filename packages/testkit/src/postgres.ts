/**
 * A throw-away PostgreSQL database per test run, on the server of SPADE_TEST_PG_URL.
 */
import { Client, Pool, type PoolConfig } from 'pg';
import { randomSuffix } from './random';

export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection string of the new database. */
  url: string;
  name: string;
  /** A pool on the database, closed by drop() before the database goes. */
  pool(options?: Omit<PoolConfig, 'connectionString'>): Pool;
  /** Closes its pools and drops the database, closing any other connection still open to it. */
  drop(): Promise<void>;
}

export function testPgUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.SPADE_TEST_PG_URL || DEFAULT_TEST_PG_URL;
}

/** Runs `use` with a connection to `url`, closed afterwards whatever happens. */
export async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * Ends a pool and waits until its connections have closed. pool.end() resolves as soon as the pool
 * has let its clients go, before they have closed; a database dropped WITH (FORCE) in between makes
 * a closing client report "terminating connection" (57P01) to its pool, whose unhandled 'error'
 * then fails whichever test runs next in that worker.
 */
async function closePool(pool: Pool): Promise<void> {
  let open = pool.totalCount;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => {
      if (--open === 0) resolve();
    });
  });
  await pool.end();
  await closed;
}

async function runOnServer(adminUrl: string, sql: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(sql));
}

export async function createTestDatabase(adminUrl: string = testPgUrl()): Promise<TestDatabase> {
  // The name is ours (hex suffix), so quoting it is enough; CREATE DATABASE takes no parameters.
  const name = `spade_test_${randomSuffix()}`;
  await runOnServer(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pools: Pool[] = [];
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    pool: (options = {}) => {
      const pool = new Pool({ ...options, connectionString: url.toString() });
      pools.push(pool);
      return pool;
    },
    drop: () =>
      (dropped ??= (async () => {
        await Promise.all(pools.map(closePool));
        await runOnServer(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      })()),
  };
}
