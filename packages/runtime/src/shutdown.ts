/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits. A second signal exits at once. `stop` is
 * expected to bound its own time (the drain timeout); the exit code says whether it drained.
 */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130);
    stopping = true;
    stop(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
