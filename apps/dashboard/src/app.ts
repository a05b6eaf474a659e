import express, { type Express } from 'express';
import type { Logger, ReadinessCheck, SpadeMetrics } from '@spade/runtime';
import type { DashboardAuth } from './auth/dashboardAuth';
import type { QueueBoards } from './board/queueBoards';
import { errorHandler, notFound } from './http/errors';
import { readOnlyGuard } from './http/readOnlyGuard';
import { requireViewer } from './http/requireViewer';
import { securityHeaders } from './http/securityHeaders';
import type { ParserToolsLoader } from './parse/parserTools';
import type { PipelineOverviewReader } from './pipeline/overview';
import { healthzRoute } from './routes/healthz';
import { homeRoute } from './routes/home';
import { loginRoute } from './routes/login';
import { loginFormRoute } from './routes/loginForm';
import { logoutRoute } from './routes/logout';
import { metricsRoute } from './routes/metrics';
import { parseFormRoute } from './routes/parseForm';
import { parseRunRoute } from './routes/parseRun';
import { pipelineRoute } from './routes/pipeline';
import { queueBoardRoute } from './routes/queues';
import { readyzRoute } from './routes/readyz';

/** Where Bull Board is mounted. */
export const BOARD_PATH = '/queues';
/** Form posts (login, pasted log lines) larger than this get 413. */
const FORM_LIMIT = '512kb';

export interface DashboardAppDeps {
  auth: DashboardAuth;
  boards: QueueBoards;
  overview: PipelineOverviewReader;
  parserTools: ParserToolsLoader;
  readiness: readonly ReadinessCheck[];
  /** True once the dashboard is stopping: /readyz answers 503. */
  isDraining: () => boolean;
  metrics: SpadeMetrics['registry'];
  log: Logger;
}

/**
 * The dashboard's Express app: the public operations routes (/healthz, /readyz and /metrics, as
 * on every Spade process) and the login, then everything else behind a session.
 */
export function createDashboardApp(deps: DashboardAppDeps): Express {
  const { auth, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Behind an ingress or proxy on a private network, X-Forwarded-Proto says whether the cookie can be Secure.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(securityHeaders(BOARD_PATH));
  const form = express.urlencoded({ extended: false, limit: FORM_LIMIT });

  app.get('/healthz', healthzRoute);
  app.get('/readyz', readyzRoute(deps.readiness, deps.isDraining));
  app.get('/metrics', metricsRoute(deps.metrics));
  app.get('/login', loginFormRoute(auth));
  app.post('/login', form, loginRoute(auth, log));
  app.get('/logout', logoutRoute(auth));
  app.post('/logout', logoutRoute(auth));

  app.use(requireViewer(auth, `${BOARD_PATH}/api/`));
  app.get('/', homeRoute);
  app.get('/pipeline', pipelineRoute(deps.overview));
  app.get('/pipeline/parse', parseFormRoute);
  app.post('/pipeline/parse', form, parseRunRoute(deps.parserTools));
  app.use(BOARD_PATH, readOnlyGuard, queueBoardRoute(deps.boards));

  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
