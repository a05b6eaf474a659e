/**
 * The built `spade` command as a separate OS process, for tests of what a user sees: exit code,
 * stdout, stderr. Needs `npx turbo run build --filter=@spade/cli` (the root `npm test` builds).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export const ROOT = join(__dirname, '..', '..', '..', '..');
const CLI = join(ROOT, 'apps', 'cli', 'bin', 'spade.js');
const BUILT_MAIN = join(ROOT, 'apps', 'cli', 'dist', 'main.js');

export interface SpadeRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export function assertCliBuilt(): void {
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: build first (npx turbo run build --filter=@spade/cli)`);
}

function startSpade(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs `spade <args>` with `stdin` as its whole input and waits for it to exit. */
export function runSpade(args: string[], stdin: Buffer | string = '', timeoutMs = 45_000): Promise<SpadeRun> {
  const child = startSpade(args);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  // A process that exits before reading its input (bad usage) closes the pipe under us.
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(stdin);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`spade ${args.join(' ')} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/** stdout of `spade parse`: one JSON record per line. */
export function recordsOf(stdout: Buffer): Record<string, unknown>[] {
  return stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A long-running `spade` process (e.g. `parse --serve`), with what it has printed so far. */
export class SpadeServer {
  private readonly child: ChildProcess;
  private out = '';
  private err = '';
  private readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    this.child = startSpade(args);
    this.child.stdin!.end();
    this.child.stdout!.on('data', (chunk: Buffer) => (this.out += chunk.toString('utf8')));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.err += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  /** Resolves with the first match of `pattern` on stderr; rejects if the process exits first. */
  waitForStderr(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    return waitFor(this.child.stderr!, () => pattern.exec(this.err), this.exited, timeoutMs, () => `no ${pattern} on stderr: ${this.err}`);
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with the exit code. */
  async stop(graceMs = 5_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

function waitFor<T>(stream: Readable, found: () => T | null, exited: Promise<unknown>, timeoutMs: number, problem: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const result = found();
      if (result === null) return;
      finish();
      resolve(result);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out: ${problem()}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      stream.off('data', onData);
    };
    // Listeners run in registration order, so the text is appended before this check runs.
    const onData = () => check();
    stream.on('data', onData);
    exited.then(() => {
      finish();
      reject(new Error(`process exited: ${problem()}`));
    });
    check();
  });
}

/** Deterministic pseudo-random bytes (xorshift32), so a failing hostile-input case can be replayed. */
export function seededBytes(seed: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[i] = state & 0xff;
  }
  return bytes;
}
