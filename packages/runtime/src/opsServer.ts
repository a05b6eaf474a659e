import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { DEFAULT_CHECK_TIMEOUT_MS, runReadiness, type ReadinessCheck } from './readiness';

export interface OpsServerOptions {
  /** 0 lets the OS pick a port (tests); the processes treat SPADE_METRICS_PORT=0 as "no server". */
  port: number;
  /** Default: every interface (a Prometheus or kubelet on another host must reach it). */
  host?: string;
  registry: Registry;
  readiness: readonly ReadinessCheck[];
  checkTimeoutMs?: number;
}

export interface OpsServer {
  /** The port it listens on. */
  readonly port: number;
  /** From now on /readyz answers 503 "draining" (the process is shutting down). */
  markDraining(): void;
  close(): Promise<void>;
}

/**
 * The operations endpoints of a process, on plain node:http:
 * - `GET /metrics`  Prometheus text of the registry
 * - `GET /healthz`  200 while the process runs (liveness)
 * - `GET /readyz`   200 when every readiness check passes, else 503 with JSON naming the failing ones
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const timeoutMs = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  let draining = false;

  const routes: Record<string, (res: ServerResponse) => Promise<void>> = {
    '/metrics': async (res) => {
      const text = await options.registry.metrics();
      send(res, 200, options.registry.contentType, text);
    },
    '/healthz': async (res) => sendJson(res, 200, { status: 'ok' }),
    '/readyz': async (res) => {
      if (draining) return sendJson(res, 503, { status: 'not ready', failing: ['draining'], checks: {} });
      const report = await runReadiness(options.readiness, timeoutMs);
      sendJson(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', failing: report.failing, checks: report.checks });
    },
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const route = routes[path];
    if (!route) return sendJson(res, 404, { error: `not found: ${path}`, paths: Object.keys(routes) });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, { error: `method ${req.method} not allowed` });
    }
    route(res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  // A scrape never needs more than a few seconds; a stuck client must not hold a socket.
  server.requestTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    port,
    markDraining() {
      draining = true;
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive scrapers would hold close() open
      });
      return closed;
    },
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.setHeader('cache-control', 'no-store');
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
}
