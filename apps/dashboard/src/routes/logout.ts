import type { Request, Response } from 'express';
import { clearedSessionCookie } from '../auth/cookies';
import type { DashboardAuth } from '../auth/dashboardAuth';

/** GET or POST /logout: drops the session cookie (GET too, for Bull Board's header link). */
export function logoutRoute(auth: DashboardAuth) {
  return (req: Request, res: Response): void => {
    res.set({ 'set-cookie': clearedSessionCookie(req.secure), 'cache-control': 'no-store' });
    res.redirect(303, auth.enabled ? '/login' : '/');
  };
}
