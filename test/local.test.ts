/**
 * The README's first command, `spade local --once`, as a new user runs it: a separate process that
 * starts an embedded S3 server, seeds sample logs, runs the pipeline's processes and prints rows per
 * table once the sample is loaded. Redis and PostgreSQL come from the test's own prefix and database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, redisTestPrefix, type RedisTestPrefix, type TestDatabase } from '@spade/testkit';

jest.setTimeout(300_000);

const CLI = join(__dirname, '..', 'apps', 'cli', 'bin', 'spade.js');

describe('spade local --once', () => {
  let database: TestDatabase;
  let redis: RedisTestPrefix;
  let cwd: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    redis = redisTestPrefix();
    cwd = mkdtempSync(join(tmpdir(), 'spade-local-'));
  });
  afterAll(async () => {
    await Promise.allSettled([database.drop(), redis.cleanup()]);
    rmSync(cwd, { recursive: true, force: true });
  });

  /** Runs `spade local --once` against a database; resolves with its exit code and output. */
  async function runLocal(warehouseUrl: string): Promise<{ code: number | null; output: string }> {
    const env = {
      PATH: process.env.PATH,
      SPADE_REDIS_URL: redis.url,
      SPADE_QUEUE_PREFIX: redis.prefix,
      SPADE_WAREHOUSE_URL: warehouseUrl,
      SPADE_LOCAL_SAMPLE_LINES: '3000',
      SPADE_METRICS_PORT: '0',
    };
    const child = spawn(process.execPath, [CLI, 'local', '--once'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    const stuck = setTimeout(() => child.kill('SIGKILL'), 90_000); // a run that never finishes fails instead of hanging
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(stuck);
    return { code, output };
  }

  it('runs the whole pipeline on sample data and prints the rows loaded per table', async () => {
    const { code, output } = await runLocal(database.url);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('rows loaded per table:') });
    expect(output).toContain('seeded    3 sample edge log files');

    const total = Number(/ total\s+(\d+)/.exec(output)?.[1]);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const loaded = await client.query<{ rows: string; tables: string }>('SELECT sum(rows) AS rows, count(DISTINCT table_name) AS tables FROM spade_loads');
    const files = await client.query<{ n: string }>('SELECT count(*) AS n FROM spade_files');
    await client.end();
    expect(Number(loaded.rows[0].rows)).toBe(total);
    expect(total).toBeGreaterThan(2500); // ≈3000 lines, a few broken or non-tracked, some arrays
    expect(Number(loaded.rows[0].tables)).toBeGreaterThan(40);
    expect(Number(files.rows[0].n)).toBe(3);

    // Run again into a fresh database (as with the default local one) on the same Redis: the
    // queues left by the first run must not stop the sample from being loaded again.
    const second = await createTestDatabase();
    try {
      const again = await runLocal(second.url);
      expect({ code: again.code, total: Number(/ total\s+(\d+)/.exec(again.output)?.[1]) }).toEqual({ code: 0, total });
    } finally {
      await second.drop();
    }
  });
});
