import type { DrainOutcome } from './deadline';

/** Exit codes of a process stopped by a signal. */
export const EXIT_DRAINED = 0;
/** It had to abandon work at the drain deadline (that work is retried elsewhere), or stopping failed. */
export const EXIT_NOT_DRAINED = 1;
/** A second signal while draining. */
export const EXIT_INTERRUPTED = 130;

/** Time `stop` gets beyond the drain timeout to close connections before the process exits anyway. */
export const CLOSE_GRACE_MS = 1500;

export interface ShutdownOptions {
  /**
   * The drain timeout: the process exits with EXIT_NOT_DRAINED at this plus CLOSE_GRACE_MS even when
   * `stop` hangs (a connection that never closes must not outlive Kubernetes' grace period).
   */
  drainTimeoutMs?: number;
  /** For tests: where signals (and the IPC channel's `disconnect`) come from and how the process exits. */
  signals?: Pick<NodeJS.EventEmitter, 'on'>;
  exit?: (code: number) => void;
  /** For tests: the IPC channel's state, null for none (default: the process's, when it was started with one). */
  ipc?: { readonly connected: boolean } | null;
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits: 0 when it drained (resolved without a value or
 * with 'drained'), 1 when it was 'forced' or threw. A second signal exits at once with 130.
 *
 * A process started with an IPC channel (as `spade local` starts its apps) takes the channel's end
 * as SIGTERM — also when it ended before this was called: whoever started it is gone, killed or
 * crashed without passing the signal on, and the process must not go on working for a run that has
 * ended.
 */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => Promise<void | DrainOutcome>, options: ShutdownOptions = {}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? process;
  let stopping = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (stopping) return exit(EXIT_INTERRUPTED);
    stopping = true;
    if (options.drainTimeoutMs !== undefined) {
      setTimeout(() => exit(EXIT_NOT_DRAINED), options.drainTimeoutMs + CLOSE_GRACE_MS).unref();
    }
    stop(signal).then(
      (outcome) => exit(outcome === 'forced' ? EXIT_NOT_DRAINED : EXIT_DRAINED),
      () => exit(EXIT_NOT_DRAINED),
    );
  };
  signals.on('SIGTERM', handle);
  signals.on('SIGINT', handle);
  // process.connected is a boolean only in a process started with an IPC channel.
  const ipc = options.ipc !== undefined ? options.ipc : typeof process.connected === 'boolean' ? process : null;
  if (ipc === null) return;
  signals.on('disconnect', () => handle('SIGTERM'));
  if (!ipc.connected) handle('SIGTERM');
}
