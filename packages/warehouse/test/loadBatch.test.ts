import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Pool } from 'pg';
import { createS3Client, ensureBucket, getObjectStream, putObject, S3OperationError } from '@spade/storage';
import { createTestDatabase, S3TestServer, startS3Server, TestDatabase } from '@spade/testkit';
import {
  CopyFailedError,
  ensureLedgers,
  ensureTables,
  loadBatch,
  LoadBatchRequest,
  LoadedPart,
  PartsAlreadyLoadedError,
  RowCountMismatchError,
  TableSpec,
} from '@spade/warehouse';

const BUCKET = 'spade-load-test';
const SCHEMA = 'public';
const TABLE: TableSpec = {
  name: 'test-events',
  version: 1,
  columns: [
    { outboundName: 'id', transformer: 'bigint', creationOptions: '' },
    { outboundName: 'name', transformer: 'varchar', creationOptions: '(64)' },
    { outboundName: 'note', transformer: 'varchar', creationOptions: '' },
    { outboundName: 'score', transformer: 'float', creationOptions: '' },
    { outboundName: 'flag', transformer: 'bool', creationOptions: '' },
    { outboundName: 'at', transformer: 'f@timestamp@unix', creationOptions: ' sortkey' },
  ],
};
const COLUMNS = TABLE.columns.map((c) => c.outboundName);

// The loading encoding, written out: TAB between fields, LF after rows, empty = NULL, and a
// backslash before every backslash, TAB, LF and CR inside a value.
const PART_1_TSV =
  '1\tplain\t\t1.5\ttrue\t2017-03-12 01:30:00.123\n' +
  '2\ttab\\\there\tline\\\nbreak\t-0.25\tfalse\t\n' +
  '3\tback\\\\slash\tcr\\\rhere\t\t\t2014-10-17 11:05:55\n';
const PART_2_TSV =
  '4\t\\\\N\t\\\\.\t1000000000000000000000\t\t\n' +
  '5\théllo ✓ 😀\t\\\\\\\t\\\n\t0\ttrue\t2017-01-01 00:00:00.5\n';

const EXPECTED_ROWS = [
  { id: '1', name: 'plain', note: null, score: 1.5, flag: true, at: '2017-03-12 01:30:00.123' },
  { id: '2', name: 'tab\there', note: 'line\nbreak', score: -0.25, flag: false, at: null },
  { id: '3', name: 'back\\slash', note: 'cr\rhere', score: null, flag: null, at: '2014-10-17 11:05:55' },
  { id: '4', name: '\\N', note: '\\.', score: 1e21, flag: null, at: null },
  { id: '5', name: 'héllo ✓ 😀', note: '\\\t\n', score: 0, flag: true, at: '2017-01-01 00:00:00.5' },
];

let server: S3TestServer;
let s3: S3Client;
let database: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  [server, database] = await Promise.all([startS3Server(), createTestDatabase()]);
  s3 = createS3Client({ endpoint: server.endpoint, region: 'us-east-1', accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey });
  pool = database.pool({ max: 6 });
  await ensureBucket(s3, BUCKET);
  // One gzip member per part, concatenated: the writer may append members to a batch file.
  await putObject(s3, BUCKET, 'batches/test-events/good.tsv.gz', Buffer.concat([gzipSync(PART_1_TSV), gzipSync(PART_2_TSV)]));
  await putObject(s3, BUCKET, 'batches/test-events/corrupt.tsv.gz', Buffer.concat([gzipSync(PART_1_TSV).subarray(0, 20), Buffer.from('not gzip')]));
  await putObject(s3, BUCKET, 'batches/test-events/bad-row.tsv.gz', gzipSync('1\tok\t\t1\ttrue\t\nnot-a-number\tx\t\t\t\t\n'));
  await ensureTables(pool, 'postgres', SCHEMA, [TABLE]);
  await ensureLedgers(pool, { dialect: 'postgres', schema: SCHEMA });
});

afterAll(async () => {
  await database?.drop();
  s3?.destroy();
  await server?.stop();
});

function request(parts: LoadedPart[], key = 'batches/test-events/good.tsv.gz', opened?: { count: number }): LoadBatchRequest {
  return {
    schema: SCHEMA,
    table: TABLE.name,
    columns: COLUMNS,
    parts,
    batchKey: key,
    source: {
      kind: 'stream',
      open: () => {
        if (opened) opened.count++;
        return getObjectStream(s3, BUCKET, key);
      },
    },
  };
}

async function rowsWithIdsFrom(first: number): Promise<unknown[]> {
  const { rows } = await pool.query(
    'SELECT id::text AS id, name, note, score, flag, at::text AS at FROM "public"."test-events" WHERE id >= $1 ORDER BY id, at',
    [first],
  );
  return rows;
}

async function tableRowCount(): Promise<number> {
  return (await pool.query('SELECT count(*)::int AS n FROM "public"."test-events"')).rows[0].n;
}

async function ledgerIds(ids: string[]): Promise<string[]> {
  const { rows } = await pool.query('SELECT part_id FROM public.spade_loads WHERE part_id = ANY($1) ORDER BY part_id', [ids]);
  return rows.map((r) => r.part_id);
}

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => 'loaded', (error: unknown) => error);
}

describe('loadBatch on PostgreSQL, streamed from S3', () => {
  const parts = [
    { partId: 'f1:0:test-events:0', fileId: 'f1', rows: 3 },
    { partId: 'f1:1:test-events:0', fileId: 'f1', rows: 2 },
  ];

  it('lands tabs, newlines, carriage returns, backslashes, NULLs and unicode exactly', async () => {
    await expect(loadBatch(pool, 'postgres', request(parts))).resolves.toEqual({ rows: 5, parts: 2 });
    expect(await rowsWithIdsFrom(0)).toEqual(EXPECTED_ROWS);
  });

  it('records every part in the load ledger', async () => {
    const { rows } = await pool.query('SELECT part_id, table_name, file_id, rows, batch_key FROM public.spade_loads ORDER BY part_id');
    expect(rows).toEqual([
      { part_id: 'f1:0:test-events:0', table_name: 'test-events', file_id: 'f1', rows: '3', batch_key: 'batches/test-events/good.tsv.gz' },
      { part_id: 'f1:1:test-events:0', table_name: 'test-events', file_id: 'f1', rows: '2', batch_key: 'batches/test-events/good.tsv.gz' },
    ]);
  });

  it('refuses a second load of the same parts, adds no rows and does not open the file', async () => {
    const opened = { count: 0 };
    const error = await outcome(loadBatch(pool, 'postgres', request(parts, undefined, opened)));
    expect(error).toBeInstanceOf(PartsAlreadyLoadedError);
    expect((error as PartsAlreadyLoadedError).partIds).toEqual(['f1:0:test-events:0', 'f1:1:test-events:0']);
    expect((error as Error).message).toBe('2 of 2 parts are already loaded into "public"."test-events": f1:0:test-events:0, f1:1:test-events:0');
    expect(opened.count).toBe(0);
    expect(await tableRowCount()).toBe(5);
  });

  it('names only the loaded parts of a partly loaded batch, and loads none of it', async () => {
    const mixed = [{ partId: 'f9:0:test-events:0', fileId: 'f9', rows: 3 }, parts[1]];
    const error = await outcome(loadBatch(pool, 'postgres', request(mixed)));
    expect((error as PartsAlreadyLoadedError).partIds).toEqual(['f1:1:test-events:0']);
    expect(await ledgerIds(['f9:0:test-events:0'])).toEqual([]);
    expect(await tableRowCount()).toBe(5);
  });
});

describe('two loads of the same parts at once', () => {
  it('lets exactly one win', async () => {
    const parts = [
      { partId: 'f2:0:test-events:0', fileId: 'f2', rows: 3 },
      { partId: 'f2:1:test-events:0', fileId: 'f2', rows: 2 },
    ];
    const before = await tableRowCount();
    const results = await Promise.all([
      outcome(loadBatch(pool, 'postgres', request(parts))),
      outcome(loadBatch(pool, 'postgres', request(parts))),
      outcome(loadBatch(pool, 'postgres', request(parts))),
    ]);
    expect(results.filter((r) => r === 'loaded')).toHaveLength(1);
    expect(results.filter((r) => r instanceof PartsAlreadyLoadedError)).toHaveLength(2);
    expect(await tableRowCount()).toBe(before + 5);
    expect(await ledgerIds(['f2:0:test-events:0', 'f2:1:test-events:0'])).toEqual(['f2:0:test-events:0', 'f2:1:test-events:0']);
  });
});

describe('failed loads roll back completely', () => {
  let before: number;
  beforeEach(async () => {
    before = await tableRowCount();
  });

  it('when COPY loads another number of rows than the parts hold', async () => {
    const parts = [{ partId: 'f3:0:test-events:0', fileId: 'f3', rows: 4 }, { partId: 'f3:1:test-events:0', fileId: 'f3', rows: 2 }];
    const error = await outcome(loadBatch(pool, 'postgres', request(parts)));
    expect(error).toBeInstanceOf(RowCountMismatchError);
    expect((error as Error).message).toBe('COPY into "public"."test-events" loaded 5 rows but the parts hold 6; rolled back');
    expect(await tableRowCount()).toBe(before);
    expect(await ledgerIds(['f3:0:test-events:0', 'f3:1:test-events:0'])).toEqual([]);
  });

  it('when the batch file is not valid gzip', async () => {
    const parts = [{ partId: 'f4:0:test-events:0', fileId: 'f4', rows: 3 }];
    const error = await outcome(loadBatch(pool, 'postgres', request(parts, 'batches/test-events/corrupt.tsv.gz')));
    expect(error).toBeInstanceOf(CopyFailedError);
    expect((error as Error).message).toMatch(/^COPY into "public"."test-events" failed: /);
    expect(await tableRowCount()).toBe(before);
    expect(await ledgerIds(['f4:0:test-events:0'])).toEqual([]);
  });

  it('when a row does not fit its column type', async () => {
    const parts = [{ partId: 'f5:0:test-events:0', fileId: 'f5', rows: 2 }];
    const error = await outcome(loadBatch(pool, 'postgres', request(parts, 'batches/test-events/bad-row.tsv.gz')));
    expect(error).toBeInstanceOf(CopyFailedError);
    expect((error as CopyFailedError).code).toBe('22P02');
    expect(await tableRowCount()).toBe(before);
    expect(await ledgerIds(['f5:0:test-events:0'])).toEqual([]);
  });

  it('when the batch file is missing', async () => {
    const parts = [{ partId: 'f6:0:test-events:0', fileId: 'f6', rows: 3 }];
    const error = await outcome(loadBatch(pool, 'postgres', request(parts, 'batches/test-events/missing.tsv.gz')));
    expect(error).toBeInstanceOf(S3OperationError);
    expect((error as S3OperationError).code).toBe('NoSuchKey');
    expect(await tableRowCount()).toBe(before);
  });

  it('and leave every pooled connection usable', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => pool.query('SELECT 1 AS one')));
    expect(results.map((r) => r.rows[0].one)).toEqual(Array(8).fill(1));
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'");
    expect(rows[0].n).toBe(0);
  });
});

describe('requests loadBatch refuses before touching the warehouse', () => {
  it('a manifest source for PostgreSQL', async () => {
    const bad = { ...request([{ partId: 'x', fileId: 'x', rows: 1 }]), source: { kind: 'manifest' as const, manifestUrl: 's3://b/m', credentials: { iamRole: 'arn:aws:iam::1:role/r' } } };
    await expect(loadBatch(pool, 'postgres', bad)).rejects.toThrow('a postgres load needs a stream source, not manifest');
  });

  it('a part listed twice', async () => {
    const part = { partId: 'dup', fileId: 'd', rows: 1 };
    await expect(loadBatch(pool, 'postgres', request([part, part]))).rejects.toThrow('a batch for "public"."test-events" lists a part id twice');
  });

  it('nothing to load: no transaction, no stream', async () => {
    const opened = { count: 0 };
    await expect(loadBatch(pool, 'postgres', request([], undefined, opened))).resolves.toEqual({ rows: 0, parts: 0 });
    expect(opened.count).toBe(0);
  });
});
