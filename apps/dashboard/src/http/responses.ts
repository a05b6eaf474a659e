import type { Response } from 'express';
import type { Viewer } from '../auth/dashboardAuth';
import type { PageViewer } from '../views/layout';

/** Set by the session middleware on every request past it. */
export function viewerOf(res: Response): Viewer {
  const viewer = res.locals.viewer as Viewer | undefined;
  if (!viewer) throw new Error('no viewer: route mounted before the session middleware');
  return viewer;
}

export function pageViewerOf(res: Response): PageViewer {
  return { viewer: viewerOf(res), authEnabled: res.locals.authEnabled === true };
}

/** Pages show live state and may show job data: never cached. */
export function sendHtml(res: Response, status: number, body: string): void {
  res.status(status).set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).send(body);
}
