import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  createS3Client,
  deleteObjects,
  ensureBucket,
  getObjectBuffer,
  getObjectStream,
  headObject,
  listObjects,
  ListedObject,
  parseS3Url,
  putObject,
  s3ClientConfig,
  S3OperationError,
  uploadStream,
} from '@spade/storage';
import { S3TestServer, startS3Server } from '@spade/testkit';

const BUCKET = 'spade-storage-test';

let server: S3TestServer;
let client: S3Client;

beforeAll(async () => {
  server = await startS3Server();
  client = createS3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
  });
  await ensureBucket(client, BUCKET);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

async function collect(source: AsyncIterable<ListedObject>): Promise<ListedObject[]> {
  const items: ListedObject[] = [];
  for await (const item of source) items.push(item);
  return items;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Deterministic bytes that are not a short repeating pattern. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('s3ClientConfig', () => {
  it('uses path style and explicit credentials for a custom endpoint', () => {
    const config = s3ClientConfig({ endpoint: 'http://127.0.0.1:4569', region: 'us-east-1', accessKeyId: 'A', secretAccessKey: 'B' });
    expect(config).toEqual({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4569',
      forcePathStyle: true,
      credentials: { accessKeyId: 'A', secretAccessKey: 'B' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });

  it('leaves endpoint and credentials to the SDK for AWS', () => {
    expect(s3ClientConfig({ endpoint: '', region: 'eu-west-1', accessKeyId: '', secretAccessKey: '' })).toEqual({
      region: 'eu-west-1',
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });
});

describe('listObjects', () => {
  const keys = Array.from({ length: 11 }, (_, i) => `list/edge/file-${String(i).padStart(2, '0')}.log`);

  beforeAll(async () => {
    for (const key of keys) await putObject(client, BUCKET, key, `content of ${key}`);
    await putObject(client, BUCKET, 'list/other/x.log', 'not under the prefix');
  });

  it('walks every page with continuation tokens', async () => {
    const listed = await collect(listObjects(client, BUCKET, 'list/edge/', undefined, { pageSize: 3 }));
    expect(listed.map((o) => o.key)).toEqual(keys);
    // "content of list/edge/file-00.log" is 32 bytes.
    expect(listed.map((o) => o.size)).toEqual(Array(11).fill(32));
  });

  it('gives the etag without quotes and a last-modified date', async () => {
    await putObject(client, BUCKET, 'list/hello.txt', 'hello');
    const [hello] = await collect(listObjects(client, BUCKET, 'list/hello'));
    expect(hello.etag).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(hello.lastModified).toBeInstanceOf(Date);
    expect(Math.abs(Date.now() - hello.lastModified.getTime())).toBeLessThan(60000);
  });

  it('starts after a key, across pages', async () => {
    const listed = await collect(listObjects(client, BUCKET, 'list/edge/', 'list/edge/file-07.log', { pageSize: 2 }));
    expect(listed.map((o) => o.key)).toEqual(['list/edge/file-08.log', 'list/edge/file-09.log', 'list/edge/file-10.log']);
  });

  it('yields nothing for an empty prefix', async () => {
    expect(await collect(listObjects(client, BUCKET, 'list/none/'))).toEqual([]);
  });
});

describe('ranged reads', () => {
  const bytes = pseudoRandomBytes(3 * 1024 * 1024 + 17, 7);

  beforeAll(async () => {
    await putObject(client, BUCKET, 'range/digits.txt', '0123456789abcdef');
    await putObject(client, BUCKET, 'range/big.bin', bytes);
  });

  it.each([
    [{ start: 6, end: 10 }, '6789a'],
    // (bytes=0-0 is not tested: s3rver 3.7.1 treats an end of 0 as "to the end"; real S3 does not.)
    [{ start: 0, end: 1 }, '01'],
    [{ start: 1, end: 1 }, '1'],
    [{ start: 15, end: 15 }, 'f'],
    [{ start: 10, end: 99 }, 'abcdef'],
  ])('reads %j of a small object', async (range, expected) => {
    expect((await getObjectBuffer(client, BUCKET, 'range/digits.txt', range)).toString()).toBe(expected);
  });

  it('streams an exact inclusive range out of a large object', async () => {
    const range = { start: 1048570, end: 2 * 1048576 + 5 };
    const read = await readAll(await getObjectStream(client, BUCKET, 'range/big.bin', range));
    expect(read.length).toBe(1048588);
    expect(read.equals(bytes.subarray(1048570, 2 * 1048576 + 6))).toBe(true);
  });

  it('streams the whole object without a range', async () => {
    const read = await readAll(await getObjectStream(client, BUCKET, 'range/big.bin'));
    expect(sha256(read)).toBe(sha256(bytes));
  });

  it('refuses a range whose end is before its start', async () => {
    await expect(getObjectBuffer(client, BUCKET, 'range/digits.txt', { start: 5, end: 4 })).rejects.toThrow('bad byte range 5-4');
  });

  it('names bucket, key and S3 code when the object is missing', async () => {
    const error = await getObjectStream(client, BUCKET, 'range/missing.bin').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3OperationError);
    expect((error as S3OperationError).code).toBe('NoSuchKey');
    expect((error as S3OperationError).message).toContain(`GetObject s3://${BUCKET}/range/missing.bin failed: NoSuchKey`);
  });
});

describe('uploadStream', () => {
  it('round-trips a multipart stream byte for byte', async () => {
    const source = pseudoRandomBytes(11 * 1024 * 1024 + 3, 42);
    // Uneven 64 KiB pieces, like a gzip stream produces.
    const pieces = function* (): Generator<Buffer> {
      for (let offset = 0; offset < source.length; offset += 65531) yield source.subarray(offset, offset + 65531);
    };
    await uploadStream(client, BUCKET, 'upload/multipart.bin', Readable.from(pieces()), { partSize: 5 * 1024 * 1024 });
    const read = await readAll(await getObjectStream(client, BUCKET, 'upload/multipart.bin'));
    expect(read.length).toBe(11534339);
    expect(sha256(read)).toBe(sha256(source));
  });

  it('round-trips a short stream exactly (no aws-chunked framing stored)', async () => {
    await uploadStream(client, BUCKET, 'upload/short.tsv', Readable.from([Buffer.from('a\tb\n'), Buffer.from('c\td\n')]), {
      contentType: 'text/tab-separated-values',
    });
    expect((await getObjectBuffer(client, BUCKET, 'upload/short.tsv')).toString()).toBe('a\tb\nc\td\n');
    expect((await headObject(client, BUCKET, 'upload/short.tsv'))?.contentType).toBe('text/tab-separated-values');
  });
});

describe('headObject and deleteObjects', () => {
  it('heads an object, deletes it, and then reports it missing', async () => {
    const { etag } = await putObject(client, BUCKET, 'delete/one.txt', 'hello', 'text/plain');
    expect(etag).toBe('5d41402abc4b2a76b9719d911017c592');
    const head = await headObject(client, BUCKET, 'delete/one.txt');
    expect(head).toMatchObject({ size: 5, etag: '5d41402abc4b2a76b9719d911017c592', contentType: 'text/plain' });

    await putObject(client, BUCKET, 'delete/two.txt', 'x');
    await deleteObjects(client, BUCKET, ['delete/one.txt', 'delete/two.txt', 'delete/never-existed.txt']);
    expect(await headObject(client, BUCKET, 'delete/one.txt')).toBeNull();
    expect(await headObject(client, BUCKET, 'delete/two.txt')).toBeNull();
  });

  it('does nothing for no keys', async () => {
    await expect(deleteObjects(client, BUCKET, [])).resolves.toBeUndefined();
  });
});

describe('ensureBucket', () => {
  it('creates a missing bucket and accepts an existing one', async () => {
    await ensureBucket(client, 'spade-second-bucket');
    await ensureBucket(client, 'spade-second-bucket');
    await putObject(client, 'spade-second-bucket', 'k', 'v');
    expect((await getObjectBuffer(client, 'spade-second-bucket', 'k')).toString()).toBe('v');
  });
});

describe('parseS3Url', () => {
  it.each([
    ['s3://bucket/key', { bucket: 'bucket', key: 'key' }],
    ['s3://bucket/a/b/c.json', { bucket: 'bucket', key: 'a/b/c.json' }],
    ['s3://bucket/', { bucket: 'bucket', key: '' }],
    ['s3://bucket', { bucket: 'bucket', key: '' }],
    ['s3://bucket/with space%20.txt', { bucket: 'bucket', key: 'with space%20.txt' }],
  ])('%s', (url, expected) => {
    expect(parseS3Url(url)).toEqual(expected);
  });

  it.each(['http://bucket/key', 's3:///key', 's3://', 'bucket/key'])('rejects %s', (url) => {
    expect(() => parseS3Url(url)).toThrow();
  });
});
