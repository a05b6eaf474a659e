import { Gauge, type Registry } from 'prom-client';
import { withinMs } from './deadline';
import { METRIC_PREFIX } from './metrics';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** The part of a BullMQ `Queue` the depth gauge reads (BullMQ's Queue satisfies it). */
export interface CountableQueue {
  readonly name: string;
  getJobCounts(...states: QueueState[]): Promise<Record<string, number>>;
}

export interface QueueDepthOptions {
  /** Counts younger than this are served from cache: scrapes from several Prometheus replicas cost Redis one read. */
  cacheMs?: number;
  /** A scrape does not wait longer for Redis (a worker connection waits for Redis without end). */
  timeoutMs?: number;
  now?: () => number;
}

const DEFAULT_CACHE_MS = 5000;
const DEFAULT_TIMEOUT_MS = 2000;

type Counts = ReadonlyArray<readonly [queue: string, counts: Record<string, number>]>;

/**
 * Registers `spade_queue_jobs{queue,state}`, read from BullMQ on scrape. `queues` is asked at each
 * refresh, so queues opened later are included. When Redis does not answer in time the gauge has
 * no samples for that scrape rather than stale ones.
 */
export function registerQueueDepth(registry: Registry, queues: () => Iterable<CountableQueue>, options: QueueDepthOptions = {}): Gauge<'queue' | 'state'> {
  const cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  let cached: { at: number; counts: Counts } | null = null;
  let reading: Promise<Counts> | null = null;

  const read = async (): Promise<Counts> => {
    const list = [...queues()];
    const counts = await Promise.all(list.map((queue) => queue.getJobCounts(...QUEUE_STATES)));
    return list.map((queue, i) => [queue.name, counts[i]] as const);
  };
  const fresh = async (): Promise<Counts> => {
    if (cached && now() - cached.at < cacheMs) return cached.counts;
    // Scrapes that arrive while Redis is being read share that read.
    reading ??= withinMs(read(), timeoutMs).finally(() => (reading = null));
    const counts = await reading;
    cached = { at: now(), counts };
    return counts;
  };

  return new Gauge({
    name: `${METRIC_PREFIX}queue_jobs`,
    help: 'Jobs per queue and state (waiting, active, delayed, failed), read from Redis on scrape (cached a few seconds).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      let counts: Counts;
      try {
        counts = await fresh();
      } catch {
        cached = null;
        return;
      }
      for (const [queue, byState] of counts) {
        for (const state of QUEUE_STATES) this.set({ queue, state }, byState[state] ?? 0);
      }
    },
  });
}
