import type { Redis } from 'ioredis';
import { Pool } from 'pg';
import type { Settings } from '@spade/config';
import { createRedis } from '@spade/queues';
import { createS3Client } from '@spade/storage';
import type { LedgerTarget } from '@spade/warehouse';

/** What the dashboard reads from. */
export interface DashboardConnections {
  s3: ReturnType<typeof createS3Client>;
  warehouse: Pool;
  ledger: LedgerTarget;
  /**
   * A producer connection: a command fails after a few retries instead of waiting for Redis
   * forever, so a page shows an error while Redis is down instead of hanging.
   */
  redis: Redis;
  close(): Promise<void>;
}

export function openDashboardConnections(settings: Settings): DashboardConnections {
  const s3 = createS3Client(settings.s3);
  const warehouse = new Pool({ connectionString: settings.warehouse.url, max: 4 });
  warehouse.on('error', () => undefined); // an idle client's error surfaces on its next query
  const redis = createRedis(settings.redis.url, 'producer');
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
