import { createHash } from 'node:crypto';
import type { LoadJob, LoadResult } from '@spade/queues';

/** A part handed to a batch load. */
export interface BatchPart {
  partId: string;
  fileId: string;
  rows: number;
}

/** What the batcher needs from the warehouse and S3, per table. */
export interface BatchTarget {
  /** Part ids already recorded in the load ledger. */
  loadedPartIds(partIds: string[]): Promise<Set<string>>;
  /** The parts' data (gzip members), in order (see PartData). */
  partData(partIds: string[]): Promise<Buffer[]>;
  /** The parts are in the load ledger: their data is no longer needed. Never throws. */
  partsLoaded(partIds: string[]): Promise<void>;
  /** Writes the batch file (concatenated gzip members) and any manifest under `batchKey`. */
  writeBatchFile(batchKey: string, gzipMembers: Buffer[]): Promise<void>;
  /**
   * Loads the batch file in one warehouse transaction that also records the part ids. Throws an
   * error with `alreadyLoaded: string[]` when some parts were loaded meanwhile (nothing committed).
   */
  loadBatch(batchKey: string, parts: BatchPart[]): Promise<void>;
  /** Where the batch for this set of parts is written. */
  batchKeyOf(batchId: string): string;
}

export interface BatcherLimits {
  maxBytes: number;
  maxAgeMs: number;
}

interface Settle {
  resolve: (result: LoadResult) => void;
  reject: (error: Error) => void;
}

interface Pending extends Settle {
  job: LoadJob;
  bytes: number;
  followers: Settle[];
}

/**
 * Accumulates one table's parts (each a BullMQ job held active by the writer) until `maxBytes` or
 * `maxAgeMs`, then loads them as one batch. Loads of a table run one at a time in this process;
 * the warehouse lock serializes them across replicas. Each job settles with its batch: a failed load
 * fails every job in it, and BullMQ retries them with backoff.
 */
export class TableBatcher {
  private pending: Pending[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private loading: Promise<void> | null = null;
  private flushRequested = false;

  constructor(
    readonly table: string,
    private readonly target: BatchTarget,
    private readonly limits: BatcherLimits,
  ) {}

  /** Adds a part; resolves when the batch carrying it is loaded (or it was loaded before). */
  add(job: LoadJob): Promise<LoadResult> {
    // A job delivered twice (its lock lapsed) rides with the copy already pending.
    const twin = this.pending.find((p) => p.job.partId === job.partId);
    if (twin) return new Promise((resolve, reject) => twin.followers.push({ resolve, reject }));
    return new Promise<LoadResult>((resolve, reject) => {
      const bytes = job.bytes;
      const entry: Pending = {
        job,
        bytes,
        followers: [],
        resolve: (result) => {
          resolve(result);
          for (const f of entry.followers) f.resolve(result);
        },
        reject: (error) => {
          reject(error);
          for (const f of entry.followers) f.reject(error);
        },
      };
      this.pending.push(entry);
      this.bytes += bytes;
      if (this.bytes >= this.limits.maxBytes) this.flushSoon();
      else if (!this.timer) this.timer = setTimeout(() => this.flushSoon(), this.limits.maxAgeMs);
    });
  }

  /**
   * Loads whatever is pending (on the age limit, the size limit and on shutdown). While a load
   * runs, parts keep arriving: they go together into the next load instead of one load per tick.
   * Resolves once nothing requested so far is left unloaded.
   */
  flushSoon(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushRequested = true;
    this.loading ??= this.loadWhileRequested();
    return this.loading;
  }

  private async loadWhileRequested(): Promise<void> {
    await null; // the caller stores this promise before the loop can finish
    try {
      while (this.flushRequested && this.pending.length > 0) {
        this.flushRequested = false;
        const batch = this.pending;
        this.pending = [];
        this.bytes = 0;
        await this.load(batch);
      }
    } finally {
      this.flushRequested = false;
      this.loading = null;
      // Parts that arrived during the last load wait for their own age or size limit.
      if (this.pending.length > 0 && !this.timer) this.timer = setTimeout(() => this.flushSoon(), this.limits.maxAgeMs);
    }
  }

  get pendingParts(): number {
    return this.pending.length;
  }

  private async load(batch: Pending[]): Promise<void> {
    try {
      let remaining = await this.skipLoaded(batch);
      while (remaining.length > 0) {
        const parts = remaining.map((p) => ({ partId: p.job.partId, fileId: p.job.fileId, rows: p.job.rows }));
        const partIds = parts.map((p) => p.partId);
        const batchKey = this.target.batchKeyOf(batchIdOf(partIds));
        await this.target.writeBatchFile(batchKey, await this.target.partData(partIds));
        try {
          await this.target.loadBatch(batchKey, parts);
        } catch (error) {
          const loadedMeanwhile = (error as { alreadyLoaded?: string[] }).alreadyLoaded;
          if (!loadedMeanwhile) throw error;
          remaining = settleSkipped(remaining, new Set(loadedMeanwhile));
          continue;
        }
        for (const p of remaining) p.resolve({ batchKey, skipped: false });
        remaining = [];
      }
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const p of batch) p.reject(failure); // settled promises ignore this
      return;
    }
    await this.target.partsLoaded(batch.map((p) => p.job.partId));
  }

  private async skipLoaded(batch: Pending[]): Promise<Pending[]> {
    const loaded = await this.target.loadedPartIds(batch.map((p) => p.job.partId));
    return settleSkipped(batch, loaded);
  }
}

function settleSkipped(batch: Pending[], loaded: Set<string>): Pending[] {
  const rest: Pending[] = [];
  for (const p of batch) {
    if (loaded.has(p.job.partId)) p.resolve({ batchKey: null, skipped: true });
    else rest.push(p);
  }
  return rest;
}

/** Same parts, same batch id: a retried batch overwrites its own file instead of leaving another. */
export function batchIdOf(partIds: string[]): string {
  return createHash('sha256').update([...partIds].sort().join('\n')).digest('hex').slice(0, 32);
}
