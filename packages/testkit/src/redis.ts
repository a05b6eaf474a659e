/**
 * A unique Redis key prefix per test, on the server of SPADE_TEST_REDIS_URL, and a cleanup that
 * deletes every key under it.
 */
import { Redis } from 'ioredis';
import { randomSuffix } from './random';

export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

export interface RedisTestPrefix {
  /** `{spade-test-<hex>}`: a hashtag, like the production prefix, so Cluster keeps it in one slot. */
  prefix: string;
  url: string;
  /** Deletes every key starting with the prefix (SCAN MATCH, never KEYS). */
  cleanup(): Promise<void>;
}

export function testRedisUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.SPADE_TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
}

export function redisTestPrefix(url: string = testRedisUrl()): RedisTestPrefix {
  const prefix = `{spade-test-${randomSuffix()}}`;
  return {
    prefix,
    url,
    cleanup: async () => {
      await deleteKeysWithPrefix(url, prefix);
    },
  };
}

/** Glob characters in the prefix are escaped so MATCH takes it literally. */
function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}

export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${globLiteral(prefix)}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
