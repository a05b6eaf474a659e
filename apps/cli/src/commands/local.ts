import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createS3Client, ensureBucket, putObject } from '@spade/storage';
import { deleteKeysWithPrefix, startS3Server } from '@spade/testkit';
import { seedSampleLogs } from '@spade/samples';
import { loadTableConfigFile } from '@spade/transform';
import { ensureLedgers, statusSummary } from '@spade/warehouse';
import { localRedis, localPostgres } from '../localServices';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const CLI = join(ROOT, 'apps', 'cli', 'bin', 'spade.js');
const TABLE_CONFIG = join(ROOT, 'fixtures', 'spade', 'latest', 'table_config.json');
const BUCKET = 'spade-local';

/**
 * `spade local [--once]`: the whole pipeline on this machine — an embedded S3 server, Redis and
 * PostgreSQL (localhost, or private instances), sample edge logs for the production table config,
 * and the scheduler, two parsers and a writer as separate processes. `--once` stops when the
 * sample is loaded; otherwise files dropped into `.spade/input/` are uploaded and loaded too.
 */
export async function runLocal(args: string[]): Promise<number> {
  const once = args.includes('--once');
  const work = join(process.cwd(), '.spade');
  mkdirSync(join(work, 'input'), { recursive: true });
  const say = (text: string) => process.stdout.write(`${text}\n`);
  const stops: Array<() => Promise<void>> = [];
  const children: ChildProcess[] = [];
  try {
    const redis = await localRedis(work, say);
    stops.push(redis.stop);
    const pg = await localPostgres(work, say);
    stops.push(pg.stop);
    const s3server = process.env.SPADE_S3_ENDPOINT ? null : await startS3Server();
    if (s3server) stops.push(s3server.stop);
    const endpoint = process.env.SPADE_S3_ENDPOINT ?? s3server!.endpoint;
    say(`S3        ${endpoint}${s3server ? ' (embedded)' : ''}`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      SPADE_REDIS_URL: redis.url,
      SPADE_QUEUE_PREFIX: process.env.SPADE_QUEUE_PREFIX ?? '{spade-local}',
      SPADE_S3_ENDPOINT: endpoint,
      SPADE_S3_ACCESS_KEY_ID: process.env.SPADE_S3_ACCESS_KEY_ID ?? 'S3RVER',
      SPADE_S3_SECRET_ACCESS_KEY: process.env.SPADE_S3_SECRET_ACCESS_KEY ?? 'S3RVER',
      SPADE_S3_BUCKET: BUCKET,
      SPADE_WAREHOUSE_URL: pg.url,
      SPADE_TABLE_CONFIG: process.env.SPADE_TABLE_CONFIG ?? TABLE_CONFIG,
      SPADE_GEOIP_DIR: process.env.SPADE_GEOIP_DIR ?? join(ROOT, 'fixtures', 'geoip'),
      SPADE_CHUNK_BYTES: process.env.SPADE_CHUNK_BYTES ?? String(4 * 1024 * 1024),
      SPADE_BATCH_MAX_AGE_MS: process.env.SPADE_BATCH_MAX_AGE_MS ?? '2000',
      SPADE_SCAN_INTERVAL_MS: process.env.SPADE_SCAN_INTERVAL_MS ?? '1000',
      SPADE_LOG_LEVEL: process.env.SPADE_LOG_LEVEL ?? 'warn',
    };
    // Queues start empty, as the database does: a job kept from an earlier run has the id a file's
    // chunk gets again (ids come from the files), and would stop the sample from being parsed.
    await deleteKeysWithPrefix(redis.url, `${env.SPADE_QUEUE_PREFIX}:`);
    const s3 = createS3Client({ endpoint, region: 'us-east-1', accessKeyId: env.SPADE_S3_ACCESS_KEY_ID!, secretAccessKey: env.SPADE_S3_SECRET_ACCESS_KEY! });
    await ensureBucket(s3, BUCKET);
    const files = await seedSample(s3, env.SPADE_TABLE_CONFIG!);
    say(`seeded    ${files} sample edge log files into s3://${BUCKET}/edge/`);

    // Processes on one machine cannot share a metrics port: none, or SPADE_METRICS_PORT and the ports after it.
    const metricsPort = Number(process.env.SPADE_METRICS_PORT ?? 0);
    for (const [name, count] of [['scheduler', 1], ['parser', 2], ['writer', 1]] as const) {
      for (let i = 0; i < count; i++) {
        const port = metricsPort > 0 ? metricsPort + children.length : 0;
        // The IPC channel is how a child learns that this process is gone (see onShutdownSignal).
        children.push(spawn(process.execPath, [CLI, name], { env: { ...env, SPADE_METRICS_PORT: String(port) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
      }
    }
    say(`started   scheduler, 2 parsers, 1 writer (separate processes); Ctrl-C stops everything\n`);
    const stopped = new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    const db = new Client({ connectionString: pg.url });
    await db.connect();
    await ensureLedgers(db, { dialect: 'postgres', schema: 'public' });
    let uploaded = new Set<string>();
    for (;;) {
      const status = await statusSummary(db, { dialect: 'postgres', schema: 'public' });
      const rows = status.tables.reduce((n, t) => n + t.rows, 0);
      say(`progress  files ${status.files.loaded}/${status.files.discovered} loaded · ${rows} rows · ${status.rejects} rejects · ${status.nontracked} non-tracked`);
      if (once && status.files.discovered >= files && status.files.loaded === status.files.discovered) {
        say('\nrows loaded per table:');
        for (const t of status.tables) say(`  ${t.table.padEnd(40)} ${String(t.rows).padStart(8)}`);
        say(`  ${'total'.padEnd(40)} ${String(rows).padStart(8)}`);
        break;
      }
      uploaded = await uploadDropped(s3, join(work, 'input'), uploaded);
      const tick = await Promise.race([stopped.then(() => 'stop'), new Promise((r) => setTimeout(() => r('tick'), 1000))]);
      if (tick === 'stop') break;
    }
    await db.end();
    s3.destroy();
    return 0;
  } finally {
    await Promise.all(children.map((c) => new Promise<void>((done) => (c.exitCode !== null ? done() : (c.once('exit', () => done()), c.kill('SIGTERM'))))));
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

/** Three files of sample edge logs (SPADE_LOCAL_SAMPLE_LINES lines in all): two plain, one gzip. */
async function seedSample(s3: ReturnType<typeof createS3Client>, tableConfig: string): Promise<number> {
  const tables = [...(await loadTableConfigFile(tableConfig)).tables.values()];
  const lines = Number(process.env.SPADE_LOCAL_SAMPLE_LINES ?? 28000);
  const fileLines = [Math.ceil(lines * 0.7), Math.ceil(lines * 0.2), Math.ceil(lines * 0.1)];
  const files = await seedSampleLogs(tables, { prefix: 'edge/', fileLines, seed: 100, name: 'sample' }, (key, body) => putObject(s3, BUCKET, key, body));
  return files.length;
}

/** Uploads files dropped into the input folder (once each) so the scheduler picks them up. */
async function uploadDropped(s3: ReturnType<typeof createS3Client>, folder: string, done: Set<string>): Promise<Set<string>> {
  if (!existsSync(folder)) return done;
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    const key = `${name}:${statSync(path).mtimeMs}`;
    if (done.has(key) || !statSync(path).isFile()) continue;
    await putObject(s3, BUCKET, `edge/dropped/${name}`, readFileSync(path));
    process.stdout.write(`uploaded  ${name} → s3://${BUCKET}/edge/dropped/${name}\n`);
    done.add(key);
  }
  return done;
}
