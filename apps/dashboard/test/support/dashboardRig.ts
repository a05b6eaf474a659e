import { join } from 'node:path';
import type { Pool } from 'pg';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadSettings, type Settings } from '@spade/config';
import { createRedis, openParseQueue } from '@spade/queues';
import { createLogger } from '@spade/runtime';
import { createS3Client, ensureBucket } from '@spade/storage';
import { createTestDatabase, redisTestPrefix, startS3Server, type RedisTestPrefix, type S3TestServer, type TestDatabase, servicesEnv } from '@spade/testkit';
import { ensureLedgers } from '@spade/warehouse';
import { startDashboard, type DashboardHandle, type DashboardOptions } from '../../src';

export const ROOT = join(__dirname, '..', '..', '..', '..');
export const TABLE_CONFIG = join(ROOT, 'fixtures', 'spade', 'latest', 'table_config.json');
export const GEOIP_DIR = join(ROOT, 'fixtures', 'geoip');
export const BUCKET = 'spade-dashboard';

export const ADMIN = { user: 'ops', password: 'correct horse battery' };
export const READER = { user: 'viewer', password: 'look but do not touch' };

/** Real Redis (own prefix), PostgreSQL (own database) and S3 (s3rver) for one test file. */
export class DashboardRig {
  s3server!: S3TestServer;
  database!: TestDatabase;
  redisPrefix!: RedisTestPrefix;
  s3!: ReturnType<typeof createS3Client>;
  warehouse!: Pool;
  redis!: Redis;
  private readonly dashboards: DashboardHandle[] = [];
  private readonly queues: Queue[] = [];

  async start(): Promise<void> {
    [this.s3server, this.database] = await Promise.all([startS3Server(), createTestDatabase()]);
    this.redisPrefix = redisTestPrefix();
    this.s3 = createS3Client({ endpoint: this.s3server.endpoint, region: 'us-east-1', accessKeyId: this.s3server.accessKeyId, secretAccessKey: this.s3server.secretAccessKey });
    await ensureBucket(this.s3, BUCKET);
    this.warehouse = this.database.pool({ max: 2 });
    this.redis = createRedis(this.redisPrefix.url, 'producer');
    await ensureLedgers(this.warehouse, { dialect: 'postgres', schema: 'public' });
  }

  /** SPADE_* variables for these services, with both dashboard accounts, plus `extra`. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...servicesEnv({ s3server: this.s3server, database: this.database, redis: this.redisPrefix, bucket: BUCKET }),
      SPADE_TABLE_CONFIG: TABLE_CONFIG,
      SPADE_GEOIP_DIR: GEOIP_DIR,
      SPADE_DASHBOARD_USER: ADMIN.user,
      SPADE_DASHBOARD_PASSWORD: ADMIN.password,
      SPADE_DASHBOARD_READONLY_USER: READER.user,
      SPADE_DASHBOARD_READONLY_PASSWORD: READER.password,
      ...extra,
    };
  }

  settings(extra: Record<string, string> = {}): Settings {
    return loadSettings(this.env(extra));
  }

  async startDashboard(extra: Record<string, string> = {}, options: DashboardOptions = {}): Promise<DashboardHandle> {
    const dashboard = await startDashboard(this.settings(extra), createLogger('dashboard-test', 'silent'), { port: 0, host: '127.0.0.1', ...options });
    this.dashboards.push(dashboard);
    return dashboard;
  }

  parseQueue(): Queue {
    const queue = openParseQueue(this.redis, this.redisPrefix.prefix);
    this.queues.push(queue);
    return queue;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.dashboards.map((d) => d.stop()));
    await Promise.allSettled(this.queues.map((q) => q.close()));
    this.redis?.disconnect();
    this.s3?.destroy();
    await Promise.allSettled([this.s3server?.stop(), this.database?.drop(), this.redisPrefix?.cleanup()]);
  }
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
}

/** One HTTP request without following redirects (the tests look at them). */
export async function request(
  base: string,
  path: string,
  init: { method?: string; cookie?: string; form?: Record<string, string>; json?: unknown; accept?: string; headers?: Record<string, string> } = {},
): Promise<HttpReply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.accept) headers.accept = init.accept;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const response = await fetch(`${base}${path}`, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Logs in and returns the `name=value` of the session cookie. */
export async function logIn(base: string, account: { user: string; password: string }): Promise<string> {
  const reply = await request(base, '/login', { method: 'POST', form: { user: account.user, password: account.password, next: '/pipeline' } });
  if (reply.status !== 303) throw new Error(`login of ${account.user} answered ${reply.status}`);
  const cookie = reply.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0];
}
