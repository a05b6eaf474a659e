/**
 * Real services and `spade` processes for the end-to-end and memory benchmarks, as the end-to-end
 * tests run them (test/support/pipelineRig.ts): an s3rver process, a throw-away PostgreSQL database
 * and a Redis key prefix from @spade/testkit (SPADE_TEST_REDIS_URL / SPADE_TEST_PG_URL), and each
 * app as its own OS process running the built CLI. Settings are production defaults unless given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client, ensureBucket, uploadStream } from '@spade/storage';
import { createTestDatabase, redisTestPrefix, startS3Server, withClient, type RedisTestPrefix, type S3TestServer, type TestDatabase, servicesEnv } from '@spade/testkit';
import { fileProgress } from '@spade/warehouse';
import { CLI, GEOIP_DIR, TABLE_CONFIG } from './paths';

const BUCKET = 'spade-bench';

export class BenchRig {
  s3server!: S3TestServer;
  database!: TestDatabase;
  redis!: RedisTestPrefix;
  s3!: S3Client;
  readonly processes = new Map<string, ChildProcess>();
  private readonly output = new Map<string, string>();

  constructor(private readonly settings: Record<string, string> = {}) {}

  async start(): Promise<void> {
    [this.s3server, this.database] = await Promise.all([startS3Server(), createTestDatabase()]);
    this.redis = redisTestPrefix();
    this.s3 = createS3Client({ endpoint: this.s3server.endpoint, region: 'us-east-1', accessKeyId: this.s3server.accessKeyId, secretAccessKey: this.s3server.secretAccessKey });
    await ensureBucket(this.s3, BUCKET);
  }

  env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      // Process-level tuning under test (e.g. MALLOC_ARENA_MAX=2 npm run bench -- memory) reaches the apps.
      ...(process.env.NODE_OPTIONS !== undefined ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
      ...(process.env.MALLOC_ARENA_MAX !== undefined ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...servicesEnv({ s3server: this.s3server, database: this.database, redis: this.redis, bucket: BUCKET }),
      SPADE_TABLE_CONFIG: TABLE_CONFIG,
      SPADE_GEOIP_DIR: GEOIP_DIR,
      SPADE_LOG_LEVEL: 'info',
      SPADE_METRICS_PORT: '0',
      ...this.settings,
    };
  }

  /** Uploads a local file as an input object (streamed, multipart when large). */
  async putInput(key: string, path: string): Promise<void> {
    await uploadStream(this.s3, BUCKET, `edge/${key}`, createReadStream(path), { partSize: 16 * 1024 * 1024 });
  }

  /** Starts `spade <command>` (with node options such as `--cpu-prof`) and resolves once it logs `<command> started`. */
  async run(name: string, command: string, nodeArgs: string[] = [], timeoutMs = 60000): Promise<ChildProcess> {
    const child = spawn(process.execPath, [...nodeArgs, CLI, command], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.processes.set(name, child);
    this.output.set(name, '');
    const started = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${this.output.get(name)}`)), timeoutMs);
      const onData = (data: Buffer): void => {
        const text = (this.output.get(name) ?? '') + data.toString();
        this.output.set(name, text.slice(-20000));
        if (text.includes(`"${command} started"`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code}:\n${this.output.get(name)}`));
      });
    });
    await started;
    return child;
  }

  /** Peak and current resident memory of a process (kB), from /proc. */
  memoryOf(name: string): { peakKiB: number; currentKiB: number } {
    const status = readFileSync(`/proc/${this.processes.get(name)!.pid}/status`, 'utf8');
    const field = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakKiB: field('VmHWM'), currentKiB: field('VmRSS') };
  }

  /** User + system CPU seconds a process (by name, or the S3 server) has used, from /proc. */
  cpuSecondsOf(name: string): number {
    const pid = name === 's3server' ? this.s3server.pid : this.processes.get(name)!.pid;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  }

  async query<T extends object>(sql: string): Promise<T[]> {
    return withClient(this.database.url, async (client) => (await client.query<T>(sql)).rows);
  }

  /** Waits until `files` files are loaded (or only parsed, with `parsedOnly`); returns when it saw it. */
  async waitFor(files: number, timeoutMs: number, parsedOnly = false): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const progress = await withClient(this.database.url, (client) => fileProgress(client, { dialect: 'postgres', schema: 'public' })).catch(() => ({ parsed: 0, loaded: 0 }));
      const done = parsedOnly ? progress.parsed : progress.loaded;
      if (done >= files) return Date.now();
      if (Date.now() > deadline) throw new Error(`only ${done} of ${files} files done in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  redisClient(): Redis {
    return new Redis(this.redis.url, { maxRetriesPerRequest: 3 });
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), 10000);
            child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    this.processes.clear();
    this.s3?.destroy();
    await Promise.allSettled([this.s3server?.stop(), this.database?.drop(), this.redis?.cleanup()]);
  }
}
