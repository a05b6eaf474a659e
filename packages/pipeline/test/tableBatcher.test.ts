import { gzipSync, gunzipSync } from 'node:zlib';
import type { LoadJob } from '@spade/queues';
import { batchIdOf, TableBatcher, type BatchPart, type BatchTarget } from '../src/tableBatcher';

/** Part data by part id, as the parser would have stored it. */
const partData = new Map<string, Buffer>();

function part(partId: string, rows: string): LoadJob {
  const gzip = gzipSync(rows);
  partData.set(partId, gzip);
  return { partId, table: 't', version: 1, fileId: 'f', chunkIndex: 0, rows: rows.split('\n').length - 1, bytes: gzip.length };
}

/** An in-memory stand-in for Redis part data, S3 and the warehouse: records what would have been written and loaded. */
class MemoryTarget implements BatchTarget {
  loaded = new Set<string>();
  /** Part ids whose data the batcher let go, in order. */
  released: string[] = [];
  files = new Map<string, Buffer>();
  loads: BatchPart[][] = [];
  failNext: Error | null = null;
  loadedDuringNextLoad: string[] = [];
  async loadedPartIds(ids: string[]) {
    return new Set(ids.filter((id) => this.loaded.has(id)));
  }
  async partData(ids: string[]) {
    return ids.map((id) => partData.get(id)!);
  }
  async partsLoaded(ids: string[]) {
    this.released.push(...ids);
  }
  async writeBatchFile(key: string, members: Buffer[]) {
    this.files.set(key, Buffer.concat(members));
  }
  async loadBatch(_key: string, parts: BatchPart[]) {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    if (this.loadedDuringNextLoad.length > 0) {
      const ids = this.loadedDuringNextLoad;
      this.loadedDuringNextLoad = [];
      ids.forEach((id) => this.loaded.add(id));
      throw Object.assign(new Error('already loaded'), { alreadyLoaded: ids });
    }
    parts.forEach((p) => this.loaded.add(p.partId));
    this.loads.push(parts);
  }
  batchKeyOf(id: string) {
    return `batches/t/${id}.tsv.gz`;
  }
}

describe('TableBatcher', () => {
  it('flushes on the size limit into one multi-member gzip file', async () => {
    const target = new MemoryTarget();
    const batcher = new TableBatcher('t', target, { maxBytes: 40, maxAgeMs: 60_000 });
    const results = await Promise.all([batcher.add(part('p1', 'a\tb\n'.repeat(5))), batcher.add(part('p2', 'c\td\n'))]);
    expect(results[0]).toEqual(results[1]);
    expect(results[0].skipped).toBe(false);
    const key = results[0].batchKey!;
    expect(key).toBe(`batches/t/${batchIdOf(['p1', 'p2'])}.tsv.gz`);
    expect(gunzipSync(target.files.get(key)!).toString()).toBe(`${'a\tb\n'.repeat(5)}c\td\n`);
    expect(target.loads).toEqual([[{ partId: 'p1', fileId: 'f', rows: 5 }, { partId: 'p2', fileId: 'f', rows: 1 }]]);
  });

  it('flushes on the age limit', async () => {
    const target = new MemoryTarget();
    const batcher = new TableBatcher('t', target, { maxBytes: 1 << 20, maxAgeMs: 20 });
    const result = await batcher.add(part('p1', 'x\n'));
    expect(result.skipped).toBe(false);
    expect(target.loads.length).toBe(1);
  });

  it('skips parts already in the load ledger', async () => {
    const target = new MemoryTarget();
    target.loaded.add('p1');
    const batcher = new TableBatcher('t', target, { maxBytes: 1 << 20, maxAgeMs: 10 });
    const [r1, r2] = await Promise.all([batcher.add(part('p1', 'x\n')), batcher.add(part('p2', 'y\n'))]);
    expect(r1).toEqual({ batchKey: null, skipped: true });
    expect(r2.skipped).toBe(false);
    expect(target.loads).toEqual([[{ partId: 'p2', fileId: 'f', rows: 1 }]]);
    await batcher.flushSoon();
    expect(target.released).toEqual(['p1', 'p2']); // loaded before or now: their data can go
  });

  it('rebuilds the batch without parts another replica loaded meanwhile', async () => {
    const target = new MemoryTarget();
    target.loadedDuringNextLoad = ['p1'];
    const batcher = new TableBatcher('t', target, { maxBytes: 1 << 20, maxAgeMs: 10 });
    const [r1, r2] = await Promise.all([batcher.add(part('p1', 'x\n')), batcher.add(part('p2', 'y\n'))]);
    expect(r1.skipped).toBe(true);
    expect(r2.batchKey).toBe(`batches/t/${batchIdOf(['p2'])}.tsv.gz`);
    expect(target.loads).toEqual([[{ partId: 'p2', fileId: 'f', rows: 1 }]]);
  });

  it('fails every job of a failed load so they are retried', async () => {
    const target = new MemoryTarget();
    target.failNext = new Error('COPY failed');
    const batcher = new TableBatcher('t', target, { maxBytes: 1 << 20, maxAgeMs: 10 });
    const outcomes = await Promise.allSettled([batcher.add(part('p1', 'x\n')), batcher.add(part('p2', 'y\n'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason.message).toBe('COPY failed');
    expect(target.loaded.size).toBe(0);
    expect(target.released).toEqual([]); // kept for the retry
  });

  it('settles a part delivered twice with its first copy, loading it once', async () => {
    const target = new MemoryTarget();
    const batcher = new TableBatcher('t', target, { maxBytes: 1 << 20, maxAgeMs: 10 });
    const [a, b] = await Promise.all([batcher.add(part('p1', 'x\n')), batcher.add(part('p1', 'x\n'))]);
    expect(a).toEqual(b);
    expect(target.loads).toEqual([[{ partId: 'p1', fileId: 'f', rows: 1 }]]);
  });
});

describe('TableBatcher while a load runs', () => {
  it('puts the parts that arrive during a load into one next load, not one load per part', async () => {
    const target = new MemoryTarget();
    let release!: () => void;
    const firstLoad = new Promise<void>((r) => (release = r));
    const load = target.loadBatch.bind(target);
    let calls = 0;
    target.loadBatch = async (key, parts) => {
      if (calls++ === 0) await firstLoad;
      return load(key, parts);
    };
    const batcher = new TableBatcher('t', target, { maxBytes: 1, maxAgeMs: 10 }); // every part fills a batch
    const first = batcher.add(part('p1', 'a\n'));
    await new Promise((r) => setTimeout(r, 20)); // p1's load is now blocked
    const later = ['p2', 'p3', 'p4'].map((id) => batcher.add(part(id, `${id}\n`)));
    release();
    await Promise.all([first, ...later]);
    expect(target.loads.map((parts) => parts.map((p) => p.partId))).toEqual([['p1'], ['p2', 'p3', 'p4']]);
  });

  it('loads parts that arrive after a flush finished', async () => {
    const target = new MemoryTarget();
    const batcher = new TableBatcher('t', target, { maxBytes: 1 << 20, maxAgeMs: 10 });
    await batcher.add(part('p1', 'a\n'));
    await batcher.add(part('p2', 'b\n'));
    expect(target.loads.map((parts) => parts.map((p) => p.partId))).toEqual([['p1'], ['p2']]);
  });
});
