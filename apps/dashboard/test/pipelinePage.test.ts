/**
 * The pipeline page over seeded ledgers, queues and reject / non-tracked objects (real PostgreSQL,
 * Redis and S3): files by state, failed jobs, rows per minute, top reasons and event names — and
 * every value from the data escaped.
 */
import { gzipSync } from 'node:zlib';
import { Worker } from 'bullmq';
import { createRedis, openLoadQueue, PARSE_QUEUE } from '@spade/queues';
import { putObject } from '@spade/storage';
import { recordChunk, recordFile } from '@spade/warehouse';
import type { DashboardHandle } from '../src';
import { ADMIN, BUCKET, DashboardRig, logIn, READER, request } from './support/dashboardRig';

jest.setTimeout(30_000);

const LEDGER = { dialect: 'postgres' as const, schema: 'public' };

function jsonLinesGzip(records: object[]): Buffer {
  return gzipSync(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

async function seedLedgers(rig: DashboardRig): Promise<void> {
  const file = (fileId: string, chunkCount: number) => ({ fileId, bucket: BUCKET, key: `edge/${fileId}.log`, etag: 'e', size: 100, chunkCount });
  await recordFile(rig.warehouse, LEDGER, file('file-a', 1)); // parsed and loaded
  await recordFile(rig.warehouse, LEDGER, file('file-b', 2)); // one of two chunks parsed
  await recordFile(rig.warehouse, LEDGER, file('file-c', 1)); // not parsed
  await rig.warehouse.query(`UPDATE spade_files SET discovered_at = now() - interval '125 seconds' WHERE file_id = 'file-b'`);
  await recordChunk(rig.warehouse, LEDGER, { fileId: 'file-a', chunkIndex: 0, lines: 10, events: 12, rejects: 3, nontracked: 2, partCount: 2 });
  await recordChunk(rig.warehouse, LEDGER, { fileId: 'file-b', chunkIndex: 0, lines: 5, events: 4, rejects: 1, nontracked: 0, partCount: 0 });
  await rig.warehouse.query(`UPDATE spade_chunks SET parsed_at = now() - interval '1 minute' WHERE file_id = 'file-a'`);
  await rig.warehouse.query(
    `INSERT INTO spade_loads (part_id, table_name, file_id, rows, batch_key, loaded_at) VALUES
     ('file-a.0.login.0', 'login', 'file-a', 7, 'b1', now() - interval '3 minutes'),
     ('file-a.0.minute-watched.0', 'minute-watched', 'file-a', 5, 'b1', now() - interval '3 minutes'),
     ('old.0.login.0', 'login', 'old', 1000, 'b0', now() - interval '3 hours')`,
  );
}

async function seedSinks(rig: DashboardRig): Promise<void> {
  await putObject(rig.s3, BUCKET, 'rejects/file-a/0.jsonl.gz', jsonLinesGzip([
    { file: 's3://b/edge/file-a.log', line: 1, status: 'malformed', reason: 'data: illegal base64 data at input byte 12', raw: 'x' },
    { file: 's3://b/edge/file-a.log', line: 4, status: 'malformed', reason: 'data: illegal base64 data at input byte 40', raw: 'y' },
    { file: 's3://b/edge/file-a.log', line: 9, status: 'empty', reason: '<script>alert(1)</script>', raw: 'z' },
  ]));
  await putObject(rig.s3, BUCKET, 'rejects/file-b/0.jsonl.gz', jsonLinesGzip([
    { file: 's3://b/edge/file-b.log', line: 2, status: 'malformed', reason: 'data: illegal base64 data at input byte 7', raw: 'w' },
  ]));
  await putObject(rig.s3, BUCKET, 'nontracked/file-a/0.jsonl.gz', jsonLinesGzip([
    { file: 's3://b/edge/file-a.log', line: 2, event: 'pageview', record: '{}' },
    { file: 's3://b/edge/file-a.log', line: 3, event: '<img src=x onerror=alert(1)>', record: '{}' },
  ]));
}

/** One failed parse job, one waiting load part and one load part done, on real Redis. */
async function seedQueues(rig: DashboardRig): Promise<void> {
  const connection = createRedis(rig.redisPrefix.url, 'worker');
  const options = { connection, prefix: rig.redisPrefix.prefix };
  const failing = new Worker(PARSE_QUEUE, async () => {
    throw new Error('object is gone');
  }, options);
  const loading = new Worker('load.signup', async () => ({ batchKey: 'b', skipped: false }), options);
  const failed = new Promise((resolve) => failing.once('failed', resolve));
  const completed = new Promise((resolve) => loading.once('completed', resolve));
  await rig.parseQueue().add('chunk', {}, { jobId: 'file-c.0', attempts: 1 });
  const signup = openLoadQueue(rig.redis, rig.redisPrefix.prefix, 'signup');
  await signup.add('part', {}, { jobId: 'file-a.0.signup.0' });
  await Promise.all([failed, completed]);
  await Promise.all([failing.close(), loading.close(), signup.close()]);
  connection.disconnect();
  const login = openLoadQueue(rig.redis, rig.redisPrefix.prefix, 'login');
  await login.add('part', {}, { jobId: 'file-b.0.login.0' });
  await login.close();
}

/** The text inside the element with this id, tags removed and spaces collapsed. */
function sectionText(page: string, id: string): string {
  const start = page.indexOf('>', page.indexOf(`id="${id}"`)) + 1;
  if (start === 0) throw new Error(`no #${id}`);
  const end = page.indexOf('</section>', start);
  return page.slice(start, end < 0 ? undefined : end).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

describe('pipeline page', () => {
  const rig = new DashboardRig();
  let dashboard: DashboardHandle;
  let page: string;

  beforeAll(async () => {
    await rig.start();
    await Promise.all([seedLedgers(rig), seedSinks(rig), seedQueues(rig)]);
    dashboard = await rig.startDashboard();
    const reply = await request(dashboard.url, '/pipeline', { cookie: await logIn(dashboard.url, READER) });
    expect(reply.status).toBe(200);
    page = reply.text;
  });
  afterAll(() => rig.stop());

  it('shows the files by state, the failed jobs and the oldest unloaded file', () => {
    const files = sectionText(page, 'files');
    expect(files).toMatch(/^Files 3 discovered 1 parsed 1 loaded 1 failed jobs 2 min [5-9] s oldest unloaded file found \d{4}-\d\d-\d\d \d\d:\d\d UTC 15 lines 16 events 4 rejects 2 non-tracked$/);
  });

  it('lists parse and each queue with work or failures, links failed jobs to the board, and sums up idle queues', () => {
    expect(sectionText(page, 'queues')).toBe('Queues queue waiting active delayed failed completed load.login 1 0 0 0 0 parse 0 0 0 1 0 1 idle load queue 0 0 0 0 1');
    expect(page).toContain('<a class="bad" href="/queues/queue/parse?status=failed">1</a>');
  });

  it('charts rows loaded per minute for the last hour, per table and in all', () => {
    const loads = sectionText(page, 'loads');
    expect(loads).toContain('12 rows/min');
    expect(loads).toMatch(/table rows, last 60 min per minute rows, all time parts, all time login 7 .*? 1,007 2 minute-watched 5 .*? 5 1$/);
    expect(page).toContain('<svg class="chart" role="img" aria-label="rows loaded per minute into minute-watched" width="180" height="22"');
    expect(page).toMatch(/<title>\d\d:\d\d UTC: 12 rows<\/title>/);
  });

  it('tallies the newest rejects by reason, numbers folded, data escaped', () => {
    expect(sectionText(page, 'rejects')).toMatch(
      /From the newest 2 objects \(4 records; newest parsed .*?\)\. reason records malformed: data: illegal base64 data at input byte N 3 empty: &lt;script&gt;alert\(N\)&lt;\/script&gt; 1$/,
    );
    expect(page).not.toContain('<script>');
  });

  it('tallies the newest non-tracked events by name, escaped', () => {
    expect(sectionText(page, 'nontracked')).toMatch(/From the newest 1 objects \(2 records; .*?\)\. event records &lt;img src=x onerror=alert\(1\)&gt; 1 pageview 1$/);
    expect(page).not.toContain('<img');
  });

  it('sends a strict content security policy with the page', async () => {
    const reply = await request(dashboard.url, '/pipeline', { cookie: await logIn(dashboard.url, ADMIN) });
    expect(reply.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(reply.headers.get('cache-control')).toBe('no-store');
  });

  it('shows a section it cannot read as an error and the rest of the page still', async () => {
    const broken = await rig.startDashboard({ SPADE_S3_BUCKET: 'no-such-bucket' });
    const reply = await request(broken.url, '/pipeline', { cookie: await logIn(broken.url, ADMIN) });
    expect(reply.status).toBe(200);
    expect(sectionText(reply.text, 'rejects')).toMatch(/^Rejects: top reasons Cannot read this: GetObject s3:\/\/no-such-bucket\/rejects\/file-b\/0.jsonl.gz failed: NoSuchBucket: The specified bucket does not exist$/);
    expect(sectionText(reply.text, 'files')).toContain('3 discovered');
  });
});
