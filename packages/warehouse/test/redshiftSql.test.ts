import type { Client } from 'pg';
import {
  CopyFailedError,
  ensureLedgers,
  ledgerSql,
  loadBatch,
  LoadBatchRequest,
  manifestJson,
  PartsAlreadyLoadedError,
  recordChunk,
  recordFile,
  redactSecrets,
  redshiftCopySql,
} from '@spade/warehouse';

const ROLE = 'arn:aws:iam::123456789012:role/spade-loader';
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** Strips the header comment: what follows it is the statement proper. */
function statement(sql: string): string {
  return sql.split('\n').filter((line) => !line.startsWith('-- ')).join('\n');
}

describe('manifestJson', () => {
  it('lists every url as mandatory', () => {
    expect(manifestJson(['s3://b/batches/t/1.tsv.gz', 's3://b/batches/t/2.tsv.gz'])).toBe(
      '{"entries":[{"url":"s3://b/batches/t/1.tsv.gz","mandatory":true},{"url":"s3://b/batches/t/2.tsv.gz","mandatory":true}]}',
    );
  });
});

describe('redshiftCopySql', () => {
  const target = { schema: 'public', table: 'minute-watched', columns: ['time', 'device_id', 'user'] };

  it('copies from a manifest with an IAM role and the options of the loading encoding', () => {
    const sql = redshiftCopySql(target, { manifestUrl: 's3://spade/batches/minute-watched/b1.manifest', credentials: { iamRole: ROLE } });
    expect(sql).toBe([
      '-- spade: load one batch into "public"."minute-watched" from the gzip TSV files of an S3 manifest.',
      '-- Steps: read every manifest entry, gunzip, split rows on LF and fields on TAB, undo backslash escapes, empty field = NULL.',
      '-- Inputs: none (COPY takes no parameters: manifest URL and credentials are literals).',
      '-- Returns: nothing; pg_last_copy_count() then gives the rows loaded.',
      'COPY "public"."minute-watched" ("time", "device_id", "user")',
      "FROM 's3://spade/batches/minute-watched/b1.manifest'",
      `IAM_ROLE '${ROLE}'`,
      'MANIFEST',
      'GZIP',
      "DELIMITER '\\t'",
      'ESCAPE',
      'EMPTYASNULL',
      'TRUNCATECOLUMNS',
      "ACCEPTINVCHARS '?'",
    ].join('\n'));
  });

  it('uses a key pair, a session token and the region when given', () => {
    const sql = redshiftCopySql(target, {
      manifestUrl: 's3://spade/m.json',
      credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: 'token123' },
      region: 'eu-west-1',
    });
    expect(statement(sql).split('\n')).toEqual([
      'COPY "public"."minute-watched" ("time", "device_id", "user")',
      "FROM 's3://spade/m.json'",
      `ACCESS_KEY_ID '${KEY_ID}'`,
      `SECRET_ACCESS_KEY '${SECRET}'`,
      "SESSION_TOKEN 'token123'",
      'MANIFEST',
      'GZIP',
      "DELIMITER '\\t'",
      'ESCAPE',
      'EMPTYASNULL',
      'TRUNCATECOLUMNS',
      "ACCEPTINVCHARS '?'",
      "REGION 'eu-west-1'",
    ]);
  });

  it.each([
    ["a quote in the secret", { accessKeyId: KEY_ID, secretAccessKey: "abc'; DROP TABLE x; --" }, 'the Redshift secret access key contains a character that cannot go into a SQL literal'],
    ['a backslash in the secret', { accessKeyId: KEY_ID, secretAccessKey: 'abc\\' }, 'the Redshift secret access key contains a character that cannot go into a SQL literal'],
    ['a newline in the key id', { accessKeyId: 'AKIA\nX', secretAccessKey: SECRET }, 'the Redshift access key id contains a character that cannot go into a SQL literal'],
    ['an empty secret', { accessKeyId: KEY_ID, secretAccessKey: '' }, 'the Redshift secret access key is empty'],
    ['a role that is no ARN', { iamRole: 'spade-loader' }, 'the Redshift IAM role must be an ARN (arn:aws:iam::…:role/…)'],
  ])('refuses %s without echoing it', (_what, credentials, message) => {
    let thrown: unknown;
    try {
      redshiftCopySql(target, { manifestUrl: 's3://spade/m.json', credentials });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toBe(message);
  });

  it('refuses a manifest URL that is not s3:// or would break the literal', () => {
    expect(() => redshiftCopySql(target, { manifestUrl: 'https://x/m.json', credentials: { iamRole: ROLE } })).toThrow(
      'the manifest URL must be an s3:// URL',
    );
    expect(() => redshiftCopySql(target, { manifestUrl: "s3://x/m'.json", credentials: { iamRole: ROLE } })).toThrow(
      'the manifest URL contains a character that cannot go into a SQL literal',
    );
  });

  it('refuses column names that are not identifiers', () => {
    expect(() => redshiftCopySql({ ...target, columns: ['ok', 'bad"col'] }, { manifestUrl: 's3://x/m', credentials: { iamRole: ROLE } }))
      .toThrow('column "bad\\"col" must be letters, digits, _ or - and not start with a digit or -');
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactSecrets(`a ${SECRET} b ${SECRET} c tok`, [SECRET, 'tok', ''])).toBe('a **** b **** c ****');
  });
});

/** A pg client stand-in that records statements and answers from a script. */
class RecordingClient {
  readonly statements: { sql: string; values: unknown[] | undefined }[] = [];

  constructor(private readonly answer: (sql: string) => { rows?: unknown[]; rowCount?: number } | Error) {}

  async query(sql: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number }> {
    this.statements.push({ sql, values });
    const answer = this.answer(statement(sql));
    if (answer instanceof Error) throw answer;
    return { rows: answer.rows ?? [], rowCount: answer.rowCount ?? 0 };
  }

  /** Each statement's first line after the header. */
  get firstLines(): string[] {
    return this.statements.map((s) => statement(s.sql).split('\n')[0]);
  }
}

function asClient(client: RecordingClient): Client {
  return client as unknown as Client;
}

describe('Redshift loadBatch (statements as text)', () => {
  const request: LoadBatchRequest = {
    schema: 'public',
    table: 'video-play',
    columns: ['time', 'channel'],
    parts: [
      { partId: 'f1:0:video-play:0', fileId: 'f1', rows: 7 },
      { partId: 'f2:0:video-play:0', fileId: 'f2', rows: 5 },
    ],
    batchKey: 'batches/video-play/b1.manifest',
    source: {
      kind: 'manifest',
      manifestUrl: 's3://spade/batches/video-play/b1.manifest',
      credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    },
  };

  it('locks the table, checks the ledger, copies, checks the count, records the parts, commits', async () => {
    const client = new RecordingClient((sql) => (sql.startsWith('SELECT pg_last_copy_count()') ? { rows: [{ rows: '12' }] } : {}));
    await expect(loadBatch(asClient(client), 'redshift', request)).resolves.toEqual({ rows: 12, parts: 2 });
    expect(client.firstLines).toEqual([
      'BEGIN',
      'LOCK "public"."video-play"',
      'SELECT part_id FROM "public"."spade_loads" WHERE part_id IN ($1, $2)',
      'COPY "public"."video-play" ("time", "channel")',
      'SELECT pg_last_copy_count() AS rows',
      'INSERT INTO "public"."spade_loads" (part_id, table_name, file_id, rows, batch_key) VALUES',
      'COMMIT',
    ]);
    expect(client.statements.filter((s) => !s.sql.startsWith('-- spade: '))).toEqual([]);
    expect(client.statements[2].values).toEqual(['f1:0:video-play:0', 'f2:0:video-play:0']);
    expect(client.statements[5].values).toEqual([
      'f1:0:video-play:0', 'video-play', 'f1', 7, 'batches/video-play/b1.manifest',
      'f2:0:video-play:0', 'video-play', 'f2', 5, 'batches/video-play/b1.manifest',
    ]);
  });

  it('rolls back without COPY when a part is already loaded', async () => {
    const client = new RecordingClient((sql) => (sql.startsWith('SELECT part_id') ? { rows: [{ part_id: 'f2:0:video-play:0' }] } : {}));
    const error = await loadBatch(asClient(client), 'redshift', request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartsAlreadyLoadedError);
    expect((error as PartsAlreadyLoadedError).partIds).toEqual(['f2:0:video-play:0']);
    expect(client.firstLines).toEqual([
      'BEGIN',
      'LOCK "public"."video-play"',
      'SELECT part_id FROM "public"."spade_loads" WHERE part_id IN ($1, $2)',
      'ROLLBACK',
    ]);
  });

  it('rolls back when COPY loaded another number of rows', async () => {
    const client = new RecordingClient((sql) => (sql.startsWith('SELECT pg_last_copy_count()') ? { rows: [{ rows: '11' }] } : {}));
    await expect(loadBatch(asClient(client), 'redshift', request)).rejects.toThrow(
      'COPY into "public"."video-play" loaded 11 rows but the parts hold 12; rolled back',
    );
    expect(client.firstLines.slice(-1)).toEqual(['ROLLBACK']);
  });

  it('keeps the secret key out of a failed COPY error', async () => {
    const client = new RecordingClient((sql) => {
      if (!sql.startsWith('COPY')) return {};
      return Object.assign(new Error(`S3ServiceException: credentials ${SECRET} were refused`), { code: 'XX000' });
    });
    const error = await loadBatch(asClient(client), 'redshift', request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CopyFailedError);
    expect((error as CopyFailedError).message).toBe(
      'COPY into "public"."video-play" failed: S3ServiceException: credentials **** were refused',
    );
    expect((error as CopyFailedError).code).toBe('XX000');
    expect((error as CopyFailedError).cause).toBeUndefined();
    expect(client.firstLines.slice(-1)).toEqual(['ROLLBACK']);
  });

  it('refuses a stream source', async () => {
    const client = new RecordingClient(() => ({}));
    await expect(loadBatch(asClient(client), 'redshift', { ...request, source: { kind: 'stream', open: () => { throw new Error('unused'); } } }))
      .rejects.toThrow('a redshift load needs a manifest source, not stream');
    expect(client.statements).toEqual([]);
  });
});

describe('Redshift ledgers (statements as text)', () => {
  it('creates the ledgers with wide varchar keys and SYSDATE defaults, without an index', async () => {
    const client = new RecordingClient(() => ({}));
    await ensureLedgers(asClient(client), { dialect: 'redshift', schema: 'spade' });
    expect(client.firstLines).toEqual([
      'BEGIN',
      'CREATE SCHEMA IF NOT EXISTS "spade"',
      'CREATE TABLE IF NOT EXISTS "spade"."spade_files" (',
      'CREATE TABLE IF NOT EXISTS "spade"."spade_chunks" (',
      'CREATE TABLE IF NOT EXISTS "spade"."spade_loads" (',
      'COMMIT',
    ]);
    expect(client.statements.filter((s) => !s.sql.startsWith('-- spade: '))).toEqual([]);
    expect(statement(client.statements[2].sql)).toBe([
      'CREATE TABLE IF NOT EXISTS "spade"."spade_files" (',
      '  file_id varchar(2048) PRIMARY KEY,',
      '  bucket varchar(2048) NOT NULL,',
      '  key varchar(2048) NOT NULL,',
      '  etag varchar(2048) NOT NULL,',
      '  size bigint NOT NULL,',
      '  chunk_count int NOT NULL,',
      '  discovered_at timestamptz NOT NULL DEFAULT SYSDATE,',
      '  enqueued_at timestamptz NULL',
      ')',
    ].join('\n'));
  });

  it('records a file under LOCK with an insert-if-absent', async () => {
    const client = new RecordingClient((sql) => (sql.startsWith('INSERT') ? { rowCount: 1 } : {}));
    const first = await recordFile(asClient(client), { dialect: 'redshift', schema: 'public' }, {
      fileId: 'id1', bucket: 'b', key: 'edge/x.gz', etag: 'e', size: 10, chunkCount: 1,
    });
    expect(first).toBe(true);
    expect(client.firstLines).toEqual([
      'BEGIN',
      'LOCK "public"."spade_files"',
      'INSERT INTO "public"."spade_files" (file_id, bucket, key, etag, size, chunk_count)',
      'COMMIT',
    ]);
    expect(statement(client.statements[2].sql).split('\n')[2]).toBe('WHERE NOT EXISTS (SELECT 1 FROM "public"."spade_files" WHERE file_id = $1)');
  });

  it('re-records a chunk under LOCK as delete then insert', async () => {
    const client = new RecordingClient(() => ({}));
    await recordChunk(asClient(client), { dialect: 'redshift', schema: 'public' }, {
      fileId: 'id1', chunkIndex: 2, lines: 10, events: 9, rejects: 1, nontracked: 0, partCount: 3,
    });
    expect(client.firstLines).toEqual([
      'BEGIN',
      'LOCK "public"."spade_chunks"',
      'DELETE FROM "public"."spade_chunks" WHERE file_id = $1 AND chunk_index = $2',
      'INSERT INTO "public"."spade_chunks" (file_id, chunk_index, lines, events, rejects, nontracked, part_count, parsed_at)',
      'COMMIT',
    ]);
    expect(client.statements[3].values).toEqual(['id1', 2, 10, 9, 1, 0, 3]);
  });

  it('opens every statement with a header comment', () => {
    const sql = ledgerSql('redshift', 'public');
    const all = [...sql.createTables, sql.recordFile, sql.markEnqueued, ...sql.recordChunk, sql.lockFiles, sql.fileSummary,
      sql.rowsPerTable, sql.chunkTotals, sql.selectLoadedParts(3), sql.insertLoads(2)];
    for (const text of all) {
      const lines = text.split('\n');
      expect(lines[0]).toMatch(/^-- spade: /);
      expect(lines.some((line) => line.startsWith('-- Inputs: '))).toBe(true);
      expect(lines.some((line) => line.startsWith('-- Returns: '))).toBe(true);
    }
  });
});
