import { Redis, type RedisOptions } from 'ioredis';

/**
 * Redis connections for BullMQ. Workers block on Redis and must retry forever
 * (`maxRetriesPerRequest: null`, which BullMQ requires); producers fail fast instead so a request
 * against an unreachable Redis surfaces as an error rather than hanging.
 */
export function createRedis(url: string, role: 'worker' | 'producer', extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableReadyCheck: true,
    lazyConnect: false,
    ...extra,
  });
}
