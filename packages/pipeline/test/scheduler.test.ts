/**
 * The scheduler's scan against real S3 (s3rver), PostgreSQL and Redis: new objects are recorded
 * and planned into chunks once, however many replicas scan at the same time; an object that
 * changes after being seen is a new file and is reported.
 */
import { Queue } from 'bullmq';
import type { Pool } from 'pg';
import type { S3Client } from '@aws-sdk/client-s3';
import { createRedis, openParseQueue, type ParseJob } from '@spade/queues';
import { createS3Client, ensureBucket, putObject } from '@spade/storage';
import { createTestDatabase, redisTestPrefix, startS3Server, type RedisTestPrefix, type S3TestServer, type TestDatabase } from '@spade/testkit';
import { ensureLedgers, markEnqueued, recordedEtags, recordFile, unenqueuedFiles, type LedgerTarget } from '@spade/warehouse';
import { scanOnce, type FileLedger, type ScanDeps } from '../src/scheduler';

jest.setTimeout(60_000);

describe('scanOnce', () => {
  let s3server: S3TestServer;
  let database: TestDatabase;
  let redisPrefix: RedisTestPrefix;
  let s3: S3Client;
  let pool: Pool;
  let queue: Queue;
  const target: LedgerTarget = { dialect: 'postgres', schema: 'public' };
  const redis = () => {
    const connection = createRedis(redisPrefix.url, 'producer');
    connections.push(connection);
    return connection;
  };
  const connections: ReturnType<typeof redis>[] = [];
  const queues: Queue[] = [];

  beforeAll(async () => {
    [s3server, database] = await Promise.all([startS3Server(), createTestDatabase()]);
    redisPrefix = redisTestPrefix();
    s3 = createS3Client({ endpoint: s3server.endpoint, region: 'us-east-1', accessKeyId: s3server.accessKeyId, secretAccessKey: s3server.secretAccessKey });
    await ensureBucket(s3, 'logs');
    pool = database.pool();
    await ensureLedgers(pool, target);
  });
  afterAll(async () => {
    await Promise.all([queue, ...queues].map((q) => q?.close()));
    connections.forEach((c) => c.disconnect());
    s3.destroy();
    await Promise.allSettled([s3server.stop(), database.drop(), redisPrefix.cleanup()]);
  });

  const ledger: FileLedger = {
    recordFile: (file) => recordFile(pool, target, file),
    markEnqueued: async (id) => void (await markEnqueued(pool, target, id)),
    unenqueuedFiles: (ms) => unenqueuedFiles(pool, target, ms),
    recordedEtags: (bucket, keys) => recordedEtags(pool, target, bucket, keys),
  };
  function replica(changes: string[] = []): ScanDeps {
    const connection = redis();
    const parseQueue = openParseQueue(connection, redisPrefix.prefix);
    queues.push(parseQueue);
    return {
      s3,
      bucket: 'logs',
      inputPrefix: 'edge/',
      chunkBytes: 10,
      ledger,
      parseQueue,
      known: new Set(),
      onChangedObject: (key) => changes.push(key),
    };
  }

  it('enqueues each chunk once when several replicas scan at the same time', async () => {
    await putObject(s3, 'logs', 'edge/a.log', 'line one\nline two\nline three\n'); // 29 bytes → 3 chunks of 10
    await putObject(s3, 'logs', 'edge/b.log.gz', Buffer.from([0x1f, 0x8b])); // gzip: one chunk
    await putObject(s3, 'logs', 'other/c.log', 'not under the prefix\n');
    const summaries = await Promise.all([replica(), replica(), replica()].map((deps) => scanOnce(deps)));
    expect(summaries.map((s) => s.listed)).toEqual([2, 2, 2]);
    expect(summaries.reduce((n, s) => n + s.newFiles, 0)).toBe(2);
    queue = openParseQueue(redis(), redisPrefix.prefix);
    const jobs = (await queue.getJobs(['waiting'])).map((j) => j.data as ParseJob);
    expect(jobs.map((j) => `${j.key}#${j.chunkIndex}:${j.start}-${j.end}`).sort()).toEqual([
      'edge/a.log#0:0-9',
      'edge/a.log#1:10-19',
      'edge/a.log#2:20-28',
      'edge/b.log.gz#0:0-1',
    ]);
    const again = await scanOnce(replica());
    expect(again.newFiles).toBe(0);
  });

  it('treats an object whose ETag changed as a new file and reports it', async () => {
    const changes: string[] = [];
    await putObject(s3, 'logs', 'edge/a.log', 'rewritten\n');
    const summary = await scanOnce(replica(changes));
    expect(summary.newFiles).toBe(1);
    expect(summary.changed).toBe(1);
    expect(changes).toEqual(['edge/a.log']);
    const files = await pool.query('SELECT key, count(*)::int AS versions FROM spade_files GROUP BY key ORDER BY key');
    expect(files.rows).toEqual([
      { key: 'edge/a.log', versions: 2 },
      { key: 'edge/b.log.gz', versions: 1 },
    ]);
  });
});
