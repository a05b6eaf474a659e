import type { TestDatabase } from './postgres';
import type { RedisTestPrefix } from './redis';
import type { S3TestServer } from './s3server';

/** The SPADE_* variables that point a Spade process at a test's own services. */
export function servicesEnv(services: { s3server: S3TestServer; database: TestDatabase; redis: RedisTestPrefix; bucket: string }): Record<string, string> {
  return {
    SPADE_REDIS_URL: services.redis.url,
    SPADE_QUEUE_PREFIX: services.redis.prefix,
    SPADE_S3_ENDPOINT: services.s3server.endpoint,
    SPADE_S3_ACCESS_KEY_ID: services.s3server.accessKeyId,
    SPADE_S3_SECRET_ACCESS_KEY: services.s3server.secretAccessKey,
    SPADE_S3_BUCKET: services.bucket,
    SPADE_WAREHOUSE_URL: services.database.url,
  };
}
