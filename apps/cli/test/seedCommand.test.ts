/**
 * `spade seed` as docker compose runs it: the built CLI in its own process, settings from the
 * environment, a real S3 server (s3rver). The files it writes are read back and run through the
 * event core the parsers use.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { createLineCore } from '@spade/pipeline';
import { createS3Client, ensureBucket, getObjectBuffer, listObjects } from '@spade/storage';
import { startS3Server, type S3TestServer } from '@spade/testkit';
import { emptyGeoIp, loadTableConfig } from '@spade/transform';
import { assertCliBuilt, ROOT } from './support/spadeProcess';

const CLI = join(ROOT, 'apps', 'cli', 'bin', 'spade.js');
const TABLE_CONFIG = join(ROOT, 'fixtures', 'spade', 'latest', 'table_config.json');
const BUCKET = 'seed-test';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runSeed(env: NodeJS.ProcessEnv, args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [CLI, 'seed', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function listed(s3: S3Client, prefix: string): Promise<Array<{ key: string; etag: string }>> {
  const objects: Array<{ key: string; etag: string }> = [];
  for await (const object of listObjects(s3, BUCKET, prefix)) objects.push({ key: object.key, etag: object.etag });
  return objects;
}

/** Today's day folder, yyyy/mm/dd (UTC). */
function dayFolder(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '/');
}

/** Usage errors and what `spade seed` says about each. */
const USAGE_ERRORS: Array<[string[], string]> = [
  [['--files', '0'], '--files takes a whole number from 1 to 1000 (got "0")'],
  [['--lines', '1.5'], '--lines takes a whole number from 1 to 10000000 (got "1.5")'],
  [['--seed', ''], '--seed takes a whole number from 0 to 2147483647 (got "")'],
  [['--fast'], "Unknown option '--fast'"],
];

describe('spade seed', () => {
  let server: S3TestServer;
  let s3: S3Client;
  let env: NodeJS.ProcessEnv;
  let days: string[];
  let first: Run;
  let firstObjects: Array<{ key: string; etag: string }>;
  /** Runs after the first seed, started together (a CLI start costs about a second). */
  let again: Run;
  let otherSeed: Run;
  let noBucketSetting: Run;
  let missingBucket: Run;
  let usage: Run[];
  let finalObjects: Array<{ key: string; etag: string }>;

  beforeAll(async () => {
    assertCliBuilt();
    server = await startS3Server();
    s3 = createS3Client({ endpoint: server.endpoint, region: 'us-east-1', accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey });
    await ensureBucket(s3, BUCKET);
    env = {
      PATH: process.env.PATH,
      SPADE_S3_ENDPOINT: server.endpoint,
      SPADE_S3_ACCESS_KEY_ID: server.accessKeyId,
      SPADE_S3_SECRET_ACCESS_KEY: server.secretAccessKey,
      SPADE_S3_BUCKET: BUCKET,
      SPADE_INPUT_PREFIX: 'in/edge/',
      SPADE_TABLE_CONFIG: TABLE_CONFIG,
      // Required by the shared settings schema; seed never connects to it.
      SPADE_WAREHOUSE_URL: 'postgres://spade@127.0.0.1:1/unused',
    };
    days = [dayFolder(new Date())];
    first = await runSeed(env, ['--files', '3', '--lines', '400', '--seed', '5']);
    firstObjects = await listed(s3, 'in/edge/');
    [again, otherSeed, noBucketSetting, missingBucket, ...usage] = await Promise.all([
      runSeed(env, ['--files', '3', '--lines', '400', '--seed', '5']),
      runSeed(env, ['--seed', '6', '--lines', '50']),
      runSeed({ ...env, SPADE_S3_BUCKET: '' }, []),
      runSeed({ ...env, SPADE_S3_BUCKET: 'no-such-bucket' }, ['--files', '1', '--lines', '10']),
      ...USAGE_ERRORS.map(([args]) => runSeed(env, args)),
    ]);
    finalObjects = await listed(s3, 'in/edge/');
    days.push(dayFolder(new Date()));
  });

  afterAll(async () => {
    s3?.destroy();
    await server?.stop();
  });

  it('writes the files under the input prefix, and every line parses as the parsers parse it', async () => {
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    const day = firstObjects[0]?.key.slice('in/edge/'.length, 'in/edge/yyyy/mm/dd'.length);
    expect(days).toContain(day);
    expect(firstObjects.map((object) => object.key)).toEqual([
      `in/edge/${day}/sample-5-0.log`,
      `in/edge/${day}/sample-5-1.log.gz`,
      `in/edge/${day}/sample-5-2.log`,
    ]);
    expect(first.stdout).toContain(`wrote s3://${BUCKET}/in/edge/${day}/sample-5-1.log.gz (400 lines, `);
    expect(first.stdout).toContain(`seeded 3 sample edge log files into s3://${BUCKET}/in/edge/\n`);

    const tables = loadTableConfig(readFileSync(TABLE_CONFIG, 'utf8'), TABLE_CONFIG).tables;
    const core = createLineCore(tables, emptyGeoIp());
    for (const { key } of firstObjects) {
      const body = await getObjectBuffer(s3, BUCKET, key);
      const text = (key.endsWith('.gz') ? gunzipSync(body) : body).toString('utf8');
      const lines = text.split('\n');
      expect({ key, lines: lines.length, last: lines.pop() }).toEqual({ key, lines: 401, last: '' });
      const statuses = new Map<string, number>();
      for (const line of lines) {
        for (const outcome of core.processLine(Buffer.from(line))) {
          statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
          if (outcome.row !== undefined) expect(tables.has(outcome.table!)).toBe(true);
        }
      }
      // The sample has about 1% broken lines and 2% events of no table; the rest are rows.
      const rows = (statuses.get('ok') ?? 0) + (statuses.get('skipped_column') ?? 0);
      expect({ key, mostlyRows: rows >= 0.9 * lines.length, broken: (statuses.get('malformed') ?? 0) <= 0.05 * lines.length }).toEqual({ key, mostlyRows: true, broken: true });
    }
  });

  it('writes the same objects again for the same options (a repeated seed adds nothing new)', () => {
    expect(again.code).toBe(0);
    expect(finalObjects.filter((object) => object.key.includes('/sample-5-'))).toEqual(firstObjects);
  });

  it('writes other files for another seed, four files by default', () => {
    expect(otherSeed.code).toBe(0);
    const keys = finalObjects.map((object) => object.key.replace(/\d{4}\/\d{2}\/\d{2}/, 'DAY'));
    expect(keys.filter((key) => key.includes('sample-6-'))).toEqual([
      'in/edge/DAY/sample-6-0.log',
      'in/edge/DAY/sample-6-1.log.gz',
      'in/edge/DAY/sample-6-2.log',
      'in/edge/DAY/sample-6-3.log.gz',
    ]);
    expect(otherSeed.stdout).toContain('(50 lines, ');
  });

  it.each(USAGE_ERRORS.map(([args, problem], i) => [args, problem, i] as const))('refuses %j with exit code 2: %s', (_args, problem, i) => {
    expect({ code: usage[i].code, stderr: usage[i].stderr }).toEqual({ code: 2, stderr: `spade seed: ${problem}\nusage: spade seed [--files N] [--lines N] [--seed N]\n` });
  });

  it('names the missing setting and exits 2', () => {
    expect({ code: noBucketSetting.code, stderr: noBucketSetting.stderr }).toEqual({ code: 2, stderr: 'spade: invalid settings\nSPADE_S3_BUCKET is required\n' });
  });

  it('fails with the S3 error when the bucket does not exist', () => {
    expect(missingBucket.code).toBe(1);
    expect(missingBucket.stderr).toMatch(/^spade: .*no-such-bucket/);
  });
});
