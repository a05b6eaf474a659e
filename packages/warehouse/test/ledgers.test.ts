import type { Pool } from 'pg';
import {
  ensureLedgers,
  insertLoadedParts,
  LedgerTarget,
  loadedPartIds,
  markEnqueued,
  recordChunk,
  recordFile,
  statusSummary,
} from '@spade/warehouse';
import { createTestDatabase, TestDatabase } from '@spade/testkit';

let database: TestDatabase;
let pool: Pool;
// A schema of its own proves the ledgers follow the configured schema.
const target: LedgerTarget = { dialect: 'postgres', schema: 'ledgers' };

beforeAll(async () => {
  database = await createTestDatabase();
  pool = database.pool({ max: 6 });
  await ensureLedgers(pool, target);
});

afterAll(async () => {
  await database?.drop();
});

function file(fileId: string, chunkCount = 1) {
  return { fileId, bucket: 'logs', key: `edge/${fileId}.gz`, etag: `etag-${fileId}`, size: 1000, chunkCount };
}

function chunk(fileId: string, chunkIndex: number, partCount: number, counts = { lines: 10, events: 9, rejects: 1, nontracked: 0 }) {
  return { fileId, chunkIndex, partCount, ...counts };
}

describe('ensureLedgers', () => {
  it('creates the three ledgers with the documented columns, and can run again', async () => {
    await ensureLedgers(pool, target);
    const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'ledgers' ORDER BY table_name, ordinal_position`,
    );
    expect(rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type}`)).toEqual([
      'spade_chunks.file_id text',
      'spade_chunks.chunk_index integer',
      'spade_chunks.lines bigint',
      'spade_chunks.events bigint',
      'spade_chunks.rejects bigint',
      'spade_chunks.nontracked bigint',
      'spade_chunks.part_count integer',
      'spade_chunks.parsed_at timestamp with time zone',
      'spade_files.file_id text',
      'spade_files.bucket text',
      'spade_files.key text',
      'spade_files.etag text',
      'spade_files.size bigint',
      'spade_files.chunk_count integer',
      'spade_files.discovered_at timestamp with time zone',
      'spade_files.enqueued_at timestamp with time zone',
      'spade_loads.part_id text',
      'spade_loads.table_name text',
      'spade_loads.file_id text',
      'spade_loads.rows bigint',
      'spade_loads.batch_key text',
      'spade_loads.loaded_at timestamp with time zone',
    ]);
  });
});

describe('recordFile', () => {
  it('is true for the first caller only', async () => {
    expect(await recordFile(pool, target, file('rf-1', 3))).toBe(true);
    expect(await recordFile(pool, target, file('rf-1', 3))).toBe(false);
    const { rows } = await pool.query('SELECT bucket, key, etag, size, chunk_count, enqueued_at FROM ledgers.spade_files WHERE file_id = $1', ['rf-1']);
    expect(rows).toEqual([{ bucket: 'logs', key: 'edge/rf-1.gz', etag: 'etag-rf-1', size: '1000', chunk_count: 3, enqueued_at: null }]);
  });

  it('lets exactly one of many concurrent callers win', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => recordFile(pool, target, file('rf-race'))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('markEnqueued', () => {
  it('stamps the file once', async () => {
    await recordFile(pool, target, file('me-1'));
    expect(await markEnqueued(pool, target, 'me-1')).toBe(true);
    const first = (await pool.query('SELECT enqueued_at FROM ledgers.spade_files WHERE file_id = $1', ['me-1'])).rows[0].enqueued_at;
    expect(first).toBeInstanceOf(Date);
    expect(await markEnqueued(pool, target, 'me-1')).toBe(false);
    const second = (await pool.query('SELECT enqueued_at FROM ledgers.spade_files WHERE file_id = $1', ['me-1'])).rows[0].enqueued_at;
    expect(second).toEqual(first);
  });

  it('is false for an unknown file', async () => {
    expect(await markEnqueued(pool, target, 'me-unknown')).toBe(false);
  });
});

describe('recordChunk', () => {
  it('keeps one row per chunk, with the counts of the latest parse', async () => {
    await recordChunk(pool, target, chunk('rc-1', 0, 2, { lines: 5, events: 4, rejects: 1, nontracked: 0 }));
    await recordChunk(pool, target, chunk('rc-1', 0, 3, { lines: 6, events: 5, rejects: 0, nontracked: 1 }));
    await recordChunk(pool, target, chunk('rc-1', 1, 1));
    const { rows } = await pool.query(
      'SELECT chunk_index, lines, events, rejects, nontracked, part_count FROM ledgers.spade_chunks WHERE file_id = $1 ORDER BY chunk_index',
      ['rc-1'],
    );
    expect(rows).toEqual([
      { chunk_index: 0, lines: '6', events: '5', rejects: '0', nontracked: '1', part_count: 3 },
      { chunk_index: 1, lines: '10', events: '9', rejects: '1', nontracked: '0', part_count: 1 },
    ]);
  });
});

describe('loadedPartIds', () => {
  it('finds loaded parts among more ids than one query takes', async () => {
    const loaded = Array.from({ length: 1500 }, (_, i) => ({ partId: `lp-${i}`, fileId: 'lp-file', rows: 1 }));
    await insertLoadedParts(pool, target, 'some_table', 'batches/some_table/b.gz', loaded);
    const asked = Array.from({ length: 2100 }, (_, i) => `lp-${i}`);
    const found = await loadedPartIds(pool, target, asked);
    expect(found.size).toBe(1500);
    expect(found.has('lp-0')).toBe(true);
    expect(found.has('lp-1499')).toBe(true);
    expect(found.has('lp-1500')).toBe(false);
  });

  it('returns an empty set for no ids', async () => {
    expect((await loadedPartIds(pool, target, [])).size).toBe(0);
  });
});

describe('statusSummary', () => {
  const summaryTarget: LedgerTarget = { dialect: 'postgres', schema: 'status' };

  beforeAll(async () => {
    await ensureLedgers(pool, summaryTarget);
    // A: 2 chunks, 3 parts, all loaded → loaded.
    // B: 1 chunk, 2 parts, 1 loaded → parsed, not loaded.
    // C: 1 chunk, no parts (all rejects) → loaded.
    // D: 2 chunks, 1 parsed → neither.
    for (const [id, chunks] of [['A', 2], ['B', 1], ['C', 1], ['D', 2]] as const) await recordFile(pool, summaryTarget, file(id, chunks));
    await pool.query(`UPDATE status.spade_files SET discovered_at = CASE file_id
      WHEN 'A' THEN timestamptz '2024-05-01 10:00:00Z' WHEN 'B' THEN timestamptz '2024-05-01 11:00:00Z'
      WHEN 'C' THEN timestamptz '2024-05-01 09:00:00Z' ELSE timestamptz '2024-05-01 12:00:00Z' END`);
    await recordChunk(pool, summaryTarget, chunk('A', 0, 2, { lines: 100, events: 90, rejects: 4, nontracked: 6 }));
    await recordChunk(pool, summaryTarget, chunk('A', 1, 1, { lines: 50, events: 50, rejects: 0, nontracked: 0 }));
    await recordChunk(pool, summaryTarget, chunk('B', 0, 2, { lines: 20, events: 18, rejects: 2, nontracked: 0 }));
    await recordChunk(pool, summaryTarget, chunk('C', 0, 0, { lines: 3, events: 0, rejects: 3, nontracked: 0 }));
    await recordChunk(pool, summaryTarget, chunk('D', 0, 1, { lines: 7, events: 7, rejects: 0, nontracked: 1 }));
    await insertLoadedParts(pool, summaryTarget, 'chat', 'batches/chat/1.gz', [
      { partId: 'A:0:chat', fileId: 'A', rows: 60 },
      { partId: 'B:0:chat', fileId: 'B', rows: 10 },
    ]);
    await insertLoadedParts(pool, summaryTarget, 'pageview', 'batches/pageview/1.gz', [
      { partId: 'A:0:pageview', fileId: 'A', rows: 30 },
      { partId: 'A:1:pageview', fileId: 'A', rows: 50 },
    ]);
  });

  it('counts files by stage, rows per table, and finds the oldest unloaded file', async () => {
    const summary = await statusSummary(pool, summaryTarget, new Date('2024-05-01T13:30:00Z'));
    expect(summary).toEqual({
      files: { discovered: 4, parsed: 3, loaded: 2 },
      oldestUnloadedFile: { discoveredAt: new Date('2024-05-01T11:00:00Z'), ageMs: 2.5 * 3600 * 1000 },
      lines: 180,
      events: 165,
      rejects: 9,
      nontracked: 7,
      tables: [
        { table: 'chat', rows: 70, parts: 2 },
        { table: 'pageview', rows: 80, parts: 2 },
      ],
    });
  });

  it('reports an empty pipeline as zeros', async () => {
    const empty: LedgerTarget = { dialect: 'postgres', schema: 'empty_status' };
    await ensureLedgers(pool, empty);
    expect(await statusSummary(pool, empty)).toEqual({
      files: { discovered: 0, parsed: 0, loaded: 0 },
      oldestUnloadedFile: null,
      lines: 0,
      events: 0,
      rejects: 0,
      nontracked: 0,
      tables: [],
    });
  });
});
