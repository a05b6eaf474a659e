import { withinMs } from './deadline';

/** One dependency a process needs to do work; `check` rejects when it is not usable. */
export interface ReadinessCheck {
  name: string;
  /** Resolves to an optional note shown next to "ok". */
  check(): Promise<string | void>;
}

export interface ReadinessReport {
  ready: boolean;
  /** Names of the checks that failed (or timed out), in check order. */
  failing: string[];
  /** Each check's name → "ok" (with a note) or why it failed. */
  checks: Record<string, string>;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2000;

/** Runs every check at once, each bounded by `timeoutMs`. */
export async function runReadiness(checks: readonly ReadinessCheck[], timeoutMs = DEFAULT_CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      try {
        const note = await withinMs(check(), timeoutMs, 'no answer');
        return { name, ok: true, detail: note ? `ok (${note})` : 'ok' };
      } catch (error) {
        return { name, ok: false, detail: hideCredentials(error instanceof Error ? error.message : String(error)) };
      }
    }),
  );
  const checksByName: Record<string, string> = {};
  for (const r of results) checksByName[r.name] = r.detail;
  const failing = results.filter((r) => !r.ok).map((r) => r.name);
  return { ready: failing.length === 0, failing, checks: checksByName };
}

/** The part of an ioredis client the Redis check uses. */
export interface PingableRedis {
  readonly status: string;
  ping(): Promise<unknown>;
}

/**
 * Redis answers PING. A client that is not connected fails at once: a worker connection would
 * otherwise queue the PING until Redis is back.
 */
export function redisCheck(redis: PingableRedis, name = 'redis'): ReadinessCheck {
  return {
    name,
    async check() {
      if (redis.status !== 'ready') throw new Error(`connection is ${redis.status}`);
      await redis.ping();
    },
  };
}

/** The part of a pg Pool the warehouse check uses. */
export interface QueryablePool {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly options: { max?: number };
  query(sql: string): Promise<unknown>;
}

const PG_DEFAULT_POOL_MAX = 10;

/**
 * The warehouse answers `SELECT 1`. When every pooled connection is busy (a writer loading
 * batches), the probe would only queue behind the loads and time out, so it passes: those
 * connections are in use, and a warehouse that fails them makes the pool drop them.
 */
export function warehouseCheck(pool: QueryablePool, name = 'warehouse'): ReadinessCheck {
  return {
    name,
    async check() {
      const max = pool.options.max ?? PG_DEFAULT_POOL_MAX;
      if (pool.idleCount === 0 && pool.totalCount >= max) return 'all connections busy';
      await pool.query('SELECT 1');
    },
  };
}

/** Error texts shown on /readyz never carry a URL's user:password. */
export function hideCredentials(text: string): string {
  return text.replace(/(\/\/[^/:@\s]*):[^@\s/]*@/g, '$1:****@');
}
