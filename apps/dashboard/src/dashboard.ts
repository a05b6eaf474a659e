import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertDashboardSettings, type Settings } from '@spade/config';
import { redisCheck, registerQueueDepth, SpadeMetrics, warehouseCheck, type Logger } from '@spade/runtime';
import { openServices } from '@spade/pipeline';
import { BOARD_PATH, createDashboardApp } from './app';
import { DashboardAuth } from './auth/dashboardAuth';
import { QueueBoards } from './board/queueBoards';
import { ParserToolsLoader } from './parse/parserTools';
import { PipelineOverviewReader } from './pipeline/overview';

/** How often the board looks for queues that appeared (a table's first part) or went away. */
export const QUEUE_REFRESH_MS = 5000;

export interface DashboardOptions {
  /** Overrides SPADE_DASHBOARD_PORT (0: any free port). */
  port?: number;
  /** Interface to listen on; all by default. */
  host?: string;
  queueRefreshMs?: number;
}

export interface DashboardHandle {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  boards: QueueBoards;
  stop(): Promise<void>;
}

/**
 * The dashboard process: Bull Board over every queue under the prefix, the pipeline page and the
 * parse debugger, behind a login. Throws a SettingsError before opening anything when auth is on
 * and the credentials are missing.
 */
export async function startDashboard(settings: Settings, log: Logger, options: DashboardOptions = {}): Promise<DashboardHandle> {
  assertDashboardSettings(settings);
  const auth = new DashboardAuth(settings.dashboard);
  if (!auth.enabled) log.warn('dashboard authentication is off: anyone who reaches the port can retry and delete jobs');
  const connections = openServices(settings, { redisRole: 'producer' });
  const links = [{ text: 'Pipeline', url: '/pipeline' }, ...(auth.enabled ? [{ text: 'Log out', url: '/logout' }] : [])];
  const boards = new QueueBoards({ redis: connections.redis, prefix: settings.queues.prefix, basePath: BOARD_PATH, links });
  const refresh = (): void => {
    boards.refresh().catch((error: Error) => log.warn({ err: error.message }, 'cannot list the queues'));
  };
  refresh();
  const timer = setInterval(refresh, options.queueRefreshMs ?? QUEUE_REFRESH_MS);
  timer.unref();

  const metrics = new SpadeMetrics();
  registerQueueDepth(metrics.registry, () => boards.openQueues());
  let draining = false;

  const app = createDashboardApp({
    auth,
    boards,
    overview: new PipelineOverviewReader({
      db: connections.warehouse,
      target: connections.ledger,
      redis: connections.redis,
      queuePrefix: settings.queues.prefix,
      s3: connections.s3,
      bucket: settings.s3.bucket,
      rejectsPrefix: settings.s3.rejectsPrefix,
      nontrackedPrefix: settings.s3.nontrackedPrefix,
    }),
    parserTools: new ParserToolsLoader(settings, connections.s3),
    readiness: [redisCheck(connections.redis), warehouseCheck(connections.warehouse)],
    isDraining: () => draining,
    metrics: metrics.registry,
    log,
  });

  const port = options.port ?? settings.dashboard.port;
  let server: Server;
  try {
    server = await listen(createServer(app), port, options.host);
  } catch (error) {
    clearInterval(timer);
    await Promise.all([boards.close(), connections.close()]);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`SPADE_DASHBOARD_PORT ${port} is in use`);
    throw error;
  }
  const bound = (server.address() as AddressInfo).port;
  log.info({ port: bound, auth: settings.dashboard.auth }, 'dashboard listening');
  let stopped: Promise<void> | undefined;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    boards,
    stop: () =>
      (stopped ??= (async () => {
        draining = true;
        clearInterval(timer);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections(); // keep-alive sockets of browsers would hold close() open
        await closed;
        await Promise.all([boards.close(), connections.close()]);
      })()),
  };
}

function listen(server: Server, port: number, host: string | undefined): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve(server);
    });
  });
}
