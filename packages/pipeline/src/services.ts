import type { S3Client } from '@aws-sdk/client-s3';
import { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { Settings } from '@spade/config';
import { createRedis } from '@spade/queues';
import { createS3Client } from '@spade/storage';
import type { LedgerTarget } from '@spade/warehouse';

/** The connections a pipeline process holds, built from settings. */
export interface Services {
  s3: S3Client;
  warehouse: Pool;
  ledger: LedgerTarget;
  /** For queues and producers; workers make their own blocking connections. */
  redis: Redis;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Pool size: a writer loads that many tables at once. */
  warehouseConnections?: number;
  /**
   * `worker` (default) waits for Redis however long it is away; `producer` fails a command after
   * a few retries, so a dashboard page shows an error instead of hanging.
   */
  redisRole?: 'worker' | 'producer';
}

export function openServices(settings: Settings, options: ServiceOptions = {}): Services {
  const s3 = createS3Client(settings.s3);
  const warehouse = new Pool({ connectionString: settings.warehouse.url, max: options.warehouseConnections ?? 4 });
  warehouse.on('error', () => undefined); // idle client errors surface on the next query
  const redis = createRedis(settings.redis.url, options.redisRole ?? 'worker');
  redis.on('error', () => undefined); // ioredis reconnects; commands report their own errors
  return {
    s3,
    warehouse,
    ledger: { dialect: settings.warehouse.dialect, schema: settings.warehouse.schema },
    redis,
    async close() {
      s3.destroy();
      await warehouse.end().catch(() => undefined);
      redis.disconnect();
    },
  };
}
