import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { createTestDatabase, freePort, redisTestPrefix, startS3Server, testPgUrl } from '@spade/testkit';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('freePort', () => {
  it('returns a port that can be listened on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('startS3Server', () => {
  it('starts s3rver, serves paginated listings and objects, and stop() removes process and data', async () => {
    const server = await startS3Server();
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    try {
      expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
      await client.send(new CreateBucketCommand({ Bucket: 'kit' }));
      for (const key of ['a', 'b', 'c']) {
        await client.send(new PutObjectCommand({ Bucket: 'kit', Key: key, Body: `body-${key}` }));
      }
      // A truncated listing needs DES continuation tokens: proves the legacy OpenSSL provider is on.
      const first = await client.send(new ListObjectsV2Command({ Bucket: 'kit', MaxKeys: 2 }));
      expect(first.IsTruncated).toBe(true);
      const second = await client.send(
        new ListObjectsV2Command({ Bucket: 'kit', MaxKeys: 2, ContinuationToken: first.NextContinuationToken }),
      );
      expect((second.Contents ?? []).map((o) => o.Key)).toEqual(['c']);
      const object = await client.send(new GetObjectCommand({ Bucket: 'kit', Key: 'b' }));
      expect(await object.Body?.transformToString()).toBe('body-b');
    } finally {
      client.destroy();
      await server.stop();
    }
    expect(processAlive(server.pid)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
  });
});

describe('createTestDatabase', () => {
  it('closes the pools it made, every connection, before the database goes', async () => {
    const database = await createTestDatabase();
    const pool = database.pool({ max: 3 });
    const errors: Error[] = [];
    pool.on('error', (error) => errors.push(error));
    let connected = 0;
    let removed = 0;
    pool.on('connect', () => connected++);
    pool.on('remove', () => removed++);
    await Promise.all([1, 2, 3].map((n) => pool.query('SELECT pg_sleep(0.05), $1::int AS n', [n])));
    expect(connected).toBe(3);
    await database.drop();
    expect([removed, pool.ended, errors]).toEqual([3, true, []]);
    await expect(pool.query('SELECT 1')).rejects.toThrow(/after calling end/);
  });

  it('creates a spade_test_ database that can be used and is gone after drop()', async () => {
    const database = await createTestDatabase();
    expect(database.name).toMatch(/^spade_test_[0-9a-f]{12}$/);
    const client = new Client({ connectionString: database.url });
    // The forced drop terminates this connection; that error event is expected.
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
    expect(rows[0].name).toBe(database.name);
    // drop() must succeed while this connection is still open (WITH (FORCE)).
    await database.drop();
    await client.end().catch(() => undefined);

    const admin = new Client({ connectionString: testPgUrl() });
    await admin.connect();
    try {
      const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name]);
      expect(left.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});

describe('redisTestPrefix', () => {
  it('gives a unique hashtag prefix and deletes exactly its keys', async () => {
    const mine = redisTestPrefix();
    const other = redisTestPrefix();
    expect(mine.prefix).toMatch(/^\{spade-test-[0-9a-f]{12}\}$/);
    expect(other.prefix).not.toBe(mine.prefix);
    const redis = new Redis(mine.url);
    try {
      const keys = Array.from({ length: 1500 }, (_, i) => `${mine.prefix}:k${i}`);
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.set(key, '1');
      pipeline.set(`${other.prefix}:keep`, '1');
      await pipeline.exec();

      await mine.cleanup();

      expect(await redis.exists(...keys)).toBe(0);
      expect(await redis.get(`${other.prefix}:keep`)).toBe('1');
    } finally {
      await other.cleanup();
      redis.disconnect();
    }
  });
});
