import type { Redis } from 'ioredis';
import { pipelineStatus, type PipelineStatus } from '@spade/pipeline';
import { ensureLedgers, type Database, type LedgerTarget } from '@spade/warehouse';
import { errorMessage } from '../errorMessage';
import { rowsLoadedPerMinute, type MinuteLoad } from './ledgerQueries';
import { DEFAULT_SINK_LIMITS, digestSink, type SinkDigest, type SinkDigestLimits, type SinkSource } from './sinkDigest';

/** One part of the page: its data, or why it could not be read (the rest of the page still shows). */
export type Section<T> = { ok: true; value: T } | { ok: false; error: string };

export interface PipelineOverview {
  generatedAt: Date;
  /** Minutes of load history shown. */
  windowMinutes: number;
  status: Section<PipelineStatus>;
  loads: Section<MinuteLoad[]>;
  rejects: Section<SinkDigest>;
  nontracked: Section<SinkDigest>;
}

export interface OverviewSources {
  db: Database;
  target: LedgerTarget;
  redis: Redis;
  queuePrefix: string;
  s3: SinkSource['s3'];
  bucket: string;
  rejectsPrefix: string;
  nontrackedPrefix: string;
}

export interface OverviewOptions {
  windowMinutes: number;
  sinkLimits: SinkDigestLimits;
  /** The sink digests read S3 objects: reuse one for this long. */
  sinkCacheMs: number;
}

export const DEFAULT_OVERVIEW_OPTIONS: OverviewOptions = { windowMinutes: 60, sinkLimits: DEFAULT_SINK_LIMITS, sinkCacheMs: 30_000 };

/** Everything the pipeline page shows, read from the ledgers, the queues and S3. */
export class PipelineOverviewReader {
  private ledgersReady: Promise<void> | null = null;
  private readonly sinkCache = new Map<string, { at: number; digest: Promise<SinkDigest> }>();

  constructor(
    private readonly sources: OverviewSources,
    private readonly options: OverviewOptions = DEFAULT_OVERVIEW_OPTIONS,
  ) {}

  async read(now: Date = new Date()): Promise<PipelineOverview> {
    const ready = await section(this.ensureLedgers());
    if (!ready.ok) {
      return { generatedAt: now, windowMinutes: this.options.windowMinutes, status: ready, loads: ready, rejects: ready, nontracked: ready };
    }
    const { db, target, redis, queuePrefix } = this.sources;
    const since = new Date(now.getTime() - this.options.windowMinutes * 60_000);
    const [status, loads, rejects, nontracked] = await Promise.all([
      section(pipelineStatus(db, target, redis, queuePrefix)),
      section(rowsLoadedPerMinute(db, target, since)),
      section(this.sink('rejects', this.sources.rejectsPrefix, now)),
      section(this.sink('nontracked', this.sources.nontrackedPrefix, now)),
    ]);
    return { generatedAt: now, windowMinutes: this.options.windowMinutes, status, loads, rejects, nontracked };
  }

  /** A fresh warehouse is an empty pipeline, as in `spade status`. Retried until it works once. */
  private ensureLedgers(): Promise<void> {
    this.ledgersReady ??= ensureLedgers(this.sources.db, this.sources.target).catch((error: unknown) => {
      this.ledgersReady = null;
      throw error;
    });
    return this.ledgersReady;
  }

  private sink(kind: SinkDigest['kind'], prefix: string, now: Date): Promise<SinkDigest> {
    const cached = this.sinkCache.get(kind);
    if (cached && now.getTime() - cached.at < this.options.sinkCacheMs) return cached.digest;
    const { s3, bucket, db, target } = this.sources;
    const digest = digestSink({ s3, bucket, prefix, db, target }, kind, this.options.sinkLimits);
    this.sinkCache.set(kind, { at: now.getTime(), digest });
    digest.catch(() => this.sinkCache.delete(kind)); // a failure is not cached
    return digest;
  }
}

async function section<T>(work: Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}
