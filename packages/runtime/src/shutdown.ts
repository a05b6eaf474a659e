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
  /** For tests: where signals come from and how the process exits. */
  signals?: Pick<NodeJS.EventEmitter, 'on'>;
  exit?: (code: number) => void;
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits: 0 when it drained (resolved without a value or
 * with 'drained'), 1 when it was 'forced' or threw. A second signal exits at once with 130.
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
}
