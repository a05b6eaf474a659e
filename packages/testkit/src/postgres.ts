/**
 * A throw-away PostgreSQL database per test run, on the server of SPADE_TEST_PG_URL.
 */
import { Client } from 'pg';
import { randomSuffix } from './random';

export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection string of the new database. */
  url: string;
  name: string;
  /** Drops the database, closing any connection still open to it. */
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

async function runOnServer(adminUrl: string, sql: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(sql));
}

export async function createTestDatabase(adminUrl: string = testPgUrl()): Promise<TestDatabase> {
  // The name is ours (hex suffix), so quoting it is enough; CREATE DATABASE takes no parameters.
  const name = `spade_test_${randomSuffix()}`;
  await runOnServer(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop: () => (dropped ??= runOnServer(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}
