import { spawn, type ChildProcess } from 'node:child_process';
import { gzipSync, gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client, ensureBucket, getObjectBuffer, listObjects, putObject } from '@spade/storage';
import { createTestDatabase, redisTestPrefix, startS3Server, withClient, type S3TestServer, type TestDatabase, type RedisTestPrefix, servicesEnv } from '@spade/testkit';
import { createLineCore } from '@spade/pipeline';
import { emptyGeoIp, loadTableConfig, type TableSet } from '@spade/transform';
import { sampleEdgeLines } from '@spade/samples';
import { fileProgress } from '@spade/warehouse';

export const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'apps', 'cli', 'bin', 'spade.js');
const TABLE_CONFIG = join(ROOT, 'fixtures', 'spade', 'latest', 'table_config.json');
const BUCKET = 'spade-e2e';

/** Real services and the apps as separate OS processes, for end-to-end tests. */
export class PipelineRig {
  s3server!: S3TestServer;
  database!: TestDatabase;
  redis!: RedisTestPrefix;
  s3!: S3Client;
  tables!: TableSet;
  readonly processes = new Map<string, ChildProcess>();
  readonly output: string[] = [];

  async start(): Promise<void> {
    [this.s3server, this.database] = await Promise.all([startS3Server(), createTestDatabase()]);
    this.redis = redisTestPrefix();
    this.s3 = createS3Client({ endpoint: this.s3server.endpoint, region: 'us-east-1', accessKeyId: this.s3server.accessKeyId, secretAccessKey: this.s3server.secretAccessKey });
    await ensureBucket(this.s3, BUCKET);
    this.tables = loadTableConfig(readFileSync(TABLE_CONFIG, 'utf8'), TABLE_CONFIG).tables;
  }

  env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...servicesEnv({ s3server: this.s3server, database: this.database, redis: this.redis, bucket: BUCKET }),
      SPADE_TABLE_CONFIG: TABLE_CONFIG,
      SPADE_GEOIP_DIR: '',
      SPADE_CHUNK_BYTES: String(64 * 1024),
      SPADE_PART_MAX_BYTES: String(16 * 1024),
      SPADE_BATCH_MAX_BYTES: String(256 * 1024),
      SPADE_BATCH_MAX_AGE_MS: '300',
      SPADE_SCAN_INTERVAL_MS: '300',
      SPADE_JOB_LOCK_MS: '4000',
      SPADE_DRAIN_TIMEOUT_MS: '5000',
      SPADE_LOG_LEVEL: 'warn',
      SPADE_METRICS_PORT: '0',
    };
  }

  /** Starts `spade <command>` as its own process under `name`, with `env` over the rig's settings. */
  run(name: string, command: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
    const child = spawn(process.execPath, [CLI, command], { env: { ...this.env(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => this.output.push(`[${name}] ${d}`));
    child.stderr!.on('data', (d: Buffer) => this.output.push(`[${name}] ${d}`));
    this.processes.set(name, child);
    return child;
  }

  kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.processes.get(name);
    this.processes.delete(name);
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  async put(key: string, body: Buffer): Promise<void> {
    await putObject(this.s3, BUCKET, key, body);
  }

  /** Expected outcome of lines, computed by the event core in this process. */
  expected(lines: string[]): { rows: Map<string, string[]>; rejects: number; nontracked: number } {
    const core = createLineCore(this.tables, emptyGeoIp());
    const rows = new Map<string, string[]>();
    let rejects = 0;
    let nontracked = 0;
    for (const line of lines) {
      for (const outcome of core.processLine(Buffer.from(line))) {
        if (outcome.row !== undefined) rows.set(outcome.table!, [...(rows.get(outcome.table!) ?? []), outcome.row.toString('utf8')]);
        else if (outcome.status === 'nontracked') nontracked++;
        else rejects++;
      }
    }
    return { rows, rejects, nontracked };
  }

  async query<T extends object>(sql: string): Promise<T[]> {
    return withClient(this.database.url, async (client) => (await client.query<T>(sql)).rows);
  }

  /** Waits until the file ledger shows `files` files fully loaded. */
  async waitForLoaded(files: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const loaded = await this.loadedFiles().catch(() => 0);
      if (loaded >= files) return;
      if (Date.now() > deadline) throw new Error(`only ${loaded} of ${files} files loaded in ${timeoutMs} ms\n${this.output.slice(-30).join('')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async loadedFiles(): Promise<number> {
    return (await withClient(this.database.url, (client) => fileProgress(client, { dialect: 'postgres', schema: 'public' }))).loaded;
  }

  /** Every row of a table in the loading encoding, sorted (as COPY TO would give them back). */
  async tableRows(table: string): Promise<string[]> {
    const columns = this.tables.get(table)!.columns.map((c) => c.outboundName);
    const rows = await this.query<Record<string, unknown>>(`SELECT ${columns.map((c) => `"${c}"::text AS "${c}"`).join(', ')} FROM "${table}"`);
    return rows.map((row) => columns.map((c) => row[c])).map((values) => values.map((v) => (v === null ? '' : String(v))).join('\t')).sort();
  }

  async recordsUnder(prefix: string): Promise<object[]> {
    const records: object[] = [];
    for await (const object of listObjects(this.s3, BUCKET, prefix)) {
      const text = gunzipSync(await getObjectBuffer(this.s3, BUCKET, object.key)).toString('utf8');
      for (const line of text.split('\n')) if (line) records.push(JSON.parse(line));
    }
    return records;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.keys()].map((name) => this.kill(name)));
    this.s3?.destroy();
    await Promise.allSettled([this.s3server?.stop(), this.database?.drop(), this.redis?.cleanup()]);
  }
}

export function sampleLines(seed: number, lines: number, tables: TableSet): string[] {
  return [...sampleEdgeLines([...tables.values()], { seed, lines, badRatio: 0.02, nontrackedRatio: 0.03, arrayRatio: 0.05 })];
}

/** Two gzip members back to back: a valid multi-member gzip file. */
export function multiMemberGzip(lines: string[]): Buffer {
  const half = Math.floor(lines.length / 2);
  return Buffer.concat([gzipSync(`${lines.slice(0, half).join('\n')}\n`), gzipSync(`${lines.slice(half).join('\n')}\n`)]);
}
