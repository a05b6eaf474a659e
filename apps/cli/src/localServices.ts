import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';

export interface LocalService {
  url: string;
  stop(): Promise<void>;
}

const HOW_TO_GET = 'install it (Debian: apt-get install redis-server postgresql), point SPADE_REDIS_URL / SPADE_WAREHOUSE_URL at one, or run `docker compose up`';

/** Redis from SPADE_REDIS_URL or localhost; else a private redis-server on 6391; else how to get one. */
export async function localRedis(work: string, say: (text: string) => void): Promise<LocalService> {
  const url = process.env.SPADE_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) {
    say(`Redis     ${url}`);
    return { url, stop: async () => undefined };
  }
  if (!onPath('redis-server')) throw new Error(`no Redis answers at ${url} and redis-server is not installed: ${HOW_TO_GET}`);
  const privateUrl = 'redis://127.0.0.1:6391';
  const dir = join(work, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn('redis-server', ['--port', '6391', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await redisAnswers(privateUrl)); i++) await new Promise((r) => setTimeout(r, 100));
  say(`Redis     ${privateUrl} (private, in ${dir})`);
  return { url: privateUrl, stop: async () => void child.kill('SIGTERM') };
}

/**
 * PostgreSQL from SPADE_WAREHOUSE_URL as given; else a fresh `spade_local` database on the
 * localhost server; else a private cluster in the work folder (port 5433); else how to get one.
 */
export async function localPostgres(work: string, say: (text: string) => void): Promise<LocalService> {
  if (process.env.SPADE_WAREHOUSE_URL) {
    say(`warehouse ${process.env.SPADE_WAREHOUSE_URL.replace(/:[^:@/]*@/, ':****@')}`);
    return { url: process.env.SPADE_WAREHOUSE_URL, stop: async () => undefined };
  }
  const localhost = 'postgres://postgres@127.0.0.1:5432';
  if (await postgresAnswers(`${localhost}/postgres`)) {
    await recreateDatabase(`${localhost}/postgres`);
    say(`warehouse ${localhost}/spade_local (PostgreSQL standing in for Redshift)`);
    return { url: `${localhost}/spade_local`, stop: async () => undefined };
  }
  const bin = postgresBin();
  if (!bin) throw new Error(`no PostgreSQL answers at ${localhost} and its server is not installed: ${HOW_TO_GET}`);
  const data = join(work, 'pg');
  const asPostgres = process.getuid?.() === 0; // initdb refuses to run as root
  const run = (command: string, args: string[]) =>
    asPostgres ? execFileSync('su', ['postgres', '-c', [command, ...args.map((a) => `'${a}'`)].join(' ')], { stdio: 'ignore' }) : execFileSync(command, args, { stdio: 'ignore' });
  if (!existsSync(join(data, 'PG_VERSION'))) {
    mkdirSync(data, { recursive: true });
    if (asPostgres) chownSync(data, postgresUid(), postgresUid());
    run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres']);
  }
  run(join(bin, 'pg_ctl'), ['-D', data, '-w', '-l', join(data, 'log'), '-o', `-p 5433 -k ${data} -c listen_addresses=127.0.0.1`, 'start']);
  const privateUrl = 'postgres://postgres@127.0.0.1:5433';
  await recreateDatabase(`${privateUrl}/postgres`);
  say(`warehouse ${privateUrl}/spade_local (private cluster in ${data})`);
  return { url: `${privateUrl}/spade_local`, stop: async () => void run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', 'stop']) };
}

async function recreateDatabase(adminUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('DROP DATABASE IF EXISTS spade_local WITH (FORCE)');
    await client.query('CREATE DATABASE spade_local');
  } finally {
    await client.end();
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, command)));
}

function postgresBin(): string | null {
  if (onPath('initdb') && onPath('pg_ctl')) return join((process.env.PATH ?? '').split(':').find((d) => existsSync(join(d, 'initdb')))!);
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(base, versions[0], 'bin') : null;
}

function postgresUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
}
