/** Real services for tests: an s3rver process, a PostgreSQL database, a Redis key prefix. */
export { freePort } from './ports';
export { startS3Server } from './s3server';
export type { S3TestServer } from './s3server';
export { createTestDatabase, testPgUrl, withClient, DEFAULT_TEST_PG_URL } from './postgres';
export type { TestDatabase } from './postgres';
export { redisTestPrefix, deleteKeysWithPrefix, testRedisUrl, DEFAULT_TEST_REDIS_URL } from './redis';
export type { RedisTestPrefix } from './redis';
export { randomSuffix } from './random';
export { servicesEnv } from './settingsEnv';
