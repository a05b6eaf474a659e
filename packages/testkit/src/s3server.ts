/**
 * A real S3-compatible server (s3rver) in its own node process, for tests.
 *
 * It runs with --openssl-legacy-provider because s3rver encrypts ListObjectsV2 continuation
 * tokens with DES, which OpenSSL 3 only has in its legacy provider (paginated listings fail
 * with 500 otherwise). The OS picks the port (-p 0); the port is read from the line s3rver
 * prints once it listens, so there is no window where another process can take it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface S3TestServer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  port: number;
  /** s3rver accepts only this key pair. */
  accessKeyId: 'S3RVER';
  secretAccessKey: 'S3RVER';
  /** Where s3rver keeps the buckets; removed by stop(). */
  dir: string;
  /** The s3rver node process id. */
  pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 15000;
const LISTENING = /S3rver listening on [^\s:]+:(\d+)/;

function s3rverBin(): string {
  return require.resolve('s3rver/bin/s3rver.js');
}

export async function startS3Server(): Promise<S3TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'spade-s3rver-'));
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', s3rverBin(), '-d', dir, '-a', '127.0.0.1', '-p', '0', '--silent'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const cleanUp = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const port = await waitForListening(child);
    await waitForHttp(port);
    let stopped: Promise<void> | undefined;
    return {
      endpoint: `http://127.0.0.1:${port}`,
      port,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      dir,
      pid: child.pid ?? 0,
      stop: () => (stopped ??= cleanUp()),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function waitForListening(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => fail(new Error(`s3rver did not start within ${START_TIMEOUT_MS} ms: ${stderr}`)), START_TIMEOUT_MS);
    const onExit = (code: number | null): void => fail(new Error(`s3rver exited (code ${code}) before listening: ${stderr}`));
    const onStdout = (data: Buffer): void => {
      stdout += data.toString();
      const match = LISTENING.exec(stdout);
      if (match) done(() => resolve(Number(match[1])));
    };
    const onStderr = (data: Buffer): void => {
      stderr += data.toString();
    };
    function done(settle: () => void): void {
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      child.stdout?.removeListener('data', onStdout);
      // Keep draining the pipes so s3rver never blocks on a full one.
      child.stdout?.resume();
      settle();
    }
    function fail(error: Error): void {
      done(() => reject(error));
    }
    child.once('exit', onExit);
    child.stdout?.on('data', onStdout);
    child.stderr?.on('data', onStderr);
  });
}

/** Any HTTP answer (s3rver says 403 to an unsigned request) means it serves requests. */
async function waitForHttp(port: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      await httpStatus(port);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function httpStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('s3rver did not answer')));
    req.on('error', reject);
    req.end();
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
