import type { Request, Response } from 'express';
import type { DashboardAuth } from '../auth/dashboardAuth';
import { safeNextPath } from '../auth/nextPath';
import { sendHtml } from '../http/responses';
import { loginPage } from '../views/loginPage';

/** GET /login: the form (with auth off there is nothing to log in to). */
export function loginFormRoute(auth: DashboardAuth) {
  return (req: Request, res: Response): void => {
    const next = safeNextPath(req.query.next);
    if (!auth.enabled) res.redirect(303, next);
    else sendHtml(res, 200, loginPage(next));
  };
}
