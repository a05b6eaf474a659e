import type { Logger } from 'pino';
import { SpadeMetrics } from './metrics';
import { startOpsServer, type OpsServer } from './opsServer';
import { registerQueueDepth, type CountableQueue } from './queueDepth';
import type { ReadinessCheck } from './readiness';

export interface ProcessOpsOptions {
  /** SPADE_METRICS_PORT: 0 means no server (the metrics are still counted). */
  port: number;
  readiness: readonly ReadinessCheck[];
  /** The queues whose depth this process reports (asked at each refresh). */
  queues?: () => Iterable<CountableQueue>;
  log: Logger;
}

export interface ProcessOps {
  metrics: SpadeMetrics;
  /** The ops server's port, or null when it is off. */
  port: number | null;
  /** /readyz answers 503 from now on. */
  markDraining(): void;
  close(): Promise<void>;
}

/**
 * The metrics registry of a worker process and, unless the port is 0, its ops server. Replicas on
 * one machine each need their own port: a port in use stops the process with a message saying so.
 */
export async function startProcessOps(options: ProcessOpsOptions): Promise<ProcessOps> {
  const metrics = new SpadeMetrics();
  if (options.queues) registerQueueDepth(metrics.registry, options.queues);
  let server: OpsServer | null = null;
  if (options.port > 0) {
    try {
      server = await startOpsServer({ port: options.port, registry: metrics.registry, readiness: options.readiness });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      throw new Error(`SPADE_METRICS_PORT ${options.port} is in use: give each process on this machine its own port, or 0 for none`);
    }
    options.log.info({ port: server.port }, 'serving /metrics, /healthz and /readyz');
  }
  return {
    metrics,
    port: server?.port ?? null,
    markDraining: () => server?.markDraining(),
    close: async () => server?.close(),
  };
}
