import type { NextFunction, Request, Response } from 'express';
import type { DashboardAuth } from '../auth/dashboardAuth';

/**
 * Lets a request through with `res.locals.viewer` set, or turns it away: a page request (GET or
 * HEAD that is not an API call) is sent to the login page and back afterwards; anything else gets
 * 401, since a redirect would mean nothing to a script.
 */
export function requireViewer(auth: DashboardAuth, apiPrefix: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const viewer = auth.viewerOf(req.headers.cookie);
    res.locals.authEnabled = auth.enabled;
    if (viewer) {
      res.locals.viewer = viewer;
      next();
      return;
    }
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && !req.originalUrl.startsWith(apiPrefix);
    res.set('cache-control', 'no-store');
    if (isPage) res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    else res.status(401).json({ error: 'log in first (POST /login)' });
  };
}
