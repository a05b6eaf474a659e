import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onShutdownSignal, settleWithin, type DrainOutcome } from '@spade/runtime';

/** A fake process: signals are emitted by the test, exits are recorded. */
function fakeProcess() {
  const signals = new EventEmitter();
  const exits: number[] = [];
  let exited: (code: number) => void = () => undefined;
  const firstExit = new Promise<number>((resolve) => (exited = resolve));
  const exit = (code: number): void => {
    exits.push(code);
    exited(code);
  };
  return { signals, exits, exit, firstExit };
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

describe('onShutdownSignal', () => {
  it.each<[string, () => Promise<void | DrainOutcome>, number]>([
    ['stop resolves without an outcome', async () => undefined, 0],
    ['stop drained', async () => 'drained', 0],
    ['stop had to abandon work', async () => 'forced', 1],
    ['stop threw', async () => Promise.reject(new Error('close failed')), 1],
  ])('exits with the right code when %s', async (_, stop, code) => {
    const proc = fakeProcess();
    onShutdownSignal(stop, { signals: proc.signals, exit: proc.exit });
    proc.signals.emit('SIGTERM', 'SIGTERM');
    expect(await proc.firstExit).toBe(code);
  });

  it('runs stop once, with the signal, on SIGTERM or SIGINT', async () => {
    const proc = fakeProcess();
    const seen: string[] = [];
    onShutdownSignal(async (signal) => void seen.push(signal), { signals: proc.signals, exit: proc.exit });
    proc.signals.emit('SIGINT', 'SIGINT');
    await proc.firstExit;
    expect(seen).toEqual(['SIGINT']);
  });

  it('exits with 130 at once on a second signal while stopping', () => {
    const proc = fakeProcess();
    let stops = 0;
    onShutdownSignal(() => (stops++, never()), { signals: proc.signals, exit: proc.exit });
    proc.signals.emit('SIGTERM', 'SIGTERM');
    proc.signals.emit('SIGTERM', 'SIGTERM');
    expect({ stops, exits: proc.exits }).toEqual({ stops: 1, exits: [130] });
  });

  it('takes the end of its IPC channel as SIGTERM, also when it ended before', async () => {
    for (const connected of [true, false]) {
      const proc = fakeProcess();
      const seen: string[] = [];
      onShutdownSignal(async (signal) => void seen.push(signal), { signals: proc.signals, exit: proc.exit, ipc: { connected } });
      if (connected) proc.signals.emit('disconnect');
      expect(await proc.firstExit).toBe(0);
      expect(seen).toEqual(['SIGTERM']);
    }
  });

  it('does not listen for a channel a process was not started with', () => {
    const proc = fakeProcess();
    let stops = 0;
    onShutdownSignal(async () => void stops++, { signals: proc.signals, exit: proc.exit, ipc: null });
    proc.signals.emit('disconnect');
    expect(stops).toBe(0);
  });

  it.each([
    ['killed outright once the child listens (SIGKILL passes nothing on)', 'setInterval(() => undefined, 1000);', true],
    ['gone before the child listened', 'process.exit(0);', false],
  ])('stops a real child process whose parent was %s', async (_, parentAfterSpawn, kill) => {
    const dir = mkdtempSync(join(tmpdir(), 'spade-shutdown-'));
    try {
      const marker = join(dir, 'stopped');
      const runtime = join(__dirname, '..', 'dist', 'index.js');
      const onShutdown = `require(${JSON.stringify(runtime)}).onShutdownSignal(async (signal) => require('fs').writeFileSync(${JSON.stringify(marker)}, signal))`;
      const child = `setTimeout(() => ${onShutdown}, 200); setInterval(() => undefined, 1000);`;
      const parent = `const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(child)}], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] }); console.log(c.pid); ${parentAfterSpawn}`;
      const parentProcess = spawn(process.execPath, ['-e', parent], { stdio: ['ignore', 'pipe', 'inherit'] });
      const childPid = Number(await new Promise<string>((resolve) => parentProcess.stdout!.once('data', (data: Buffer) => resolve(data.toString()))));
      if (kill) {
        await new Promise((resolve) => setTimeout(resolve, 500)); // the child listens by now
        parentProcess.kill('SIGKILL');
      }
      const alive = (): boolean => {
        try {
          process.kill(childPid, 0);
          return true;
        } catch {
          return false;
        }
      };
      for (let waited = 0; alive() && waited < 10000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      if (alive()) process.kill(childPid, 'SIGKILL'); // leave nothing behind, then fail
      expect(existsSync(marker) ? readFileSync(marker, 'utf8') : 'stop never ran').toBe('SIGTERM');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits with 1 when stop hangs past the drain timeout plus the close grace', async () => {
    jest.useFakeTimers();
    try {
      const proc = fakeProcess();
      onShutdownSignal(() => never(), { drainTimeoutMs: 5000, signals: proc.signals, exit: proc.exit });
      proc.signals.emit('SIGTERM', 'SIGTERM');
      jest.advanceTimersByTime(6499);
      expect(proc.exits).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(proc.exits).toEqual([1]);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('settleWithin', () => {
  it("is 'drained' when the work settles in time, also by failing", async () => {
    expect(await settleWithin(Promise.resolve('done'), 100)).toBe('drained');
    expect(await settleWithin(Promise.reject(new Error('failed')), 100)).toBe('drained');
  });

  it("is 'forced' at the deadline when the work is still running", async () => {
    const started = Date.now();
    expect(await settleWithin(never(), 50)).toBe('forced');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
