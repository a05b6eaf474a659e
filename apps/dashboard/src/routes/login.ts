import type { Request, Response } from 'express';
import type { Logger } from '@spade/runtime';
import { sessionCookie } from '../auth/cookies';
import type { DashboardAuth } from '../auth/dashboardAuth';
import { safeNextPath } from '../auth/nextPath';
import { sendHtml } from '../http/responses';
import { loginPage } from '../views/loginPage';

function field(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * POST /login (form: user, password, next): good credentials get a session cookie and go on to
 * `next`; wrong ones get the form again with 401 and no cookie. After too many failures in a row
 * from one address (LoginThrottle), its attempts get 429 with Retry-After and are not checked.
 * Failed attempts are logged without the user name typed (people type passwords there).
 */
export function loginRoute(auth: DashboardAuth, log: Logger) {
  return (req: Request, res: Response): void => {
    const next = safeNextPath(field(req.body, 'next'));
    if (!auth.enabled) {
      res.redirect(303, next);
      return;
    }
    const address = req.ip ?? '';
    const wait = auth.throttle.waitSeconds(address);
    if (wait > 0) {
      log.warn({ ip: address, retryAfterSeconds: wait }, 'dashboard login refused: too many failed logins');
      res.set('retry-after', String(wait));
      sendHtml(res, 429, loginPage(next, { waitMinutes: Math.ceil(wait / 60) }));
      return;
    }
    const session = auth.logIn(field(req.body, 'user'), field(req.body, 'password'));
    if (!session) {
      auth.throttle.failed(address);
      log.warn({ ip: address }, 'dashboard login failed');
      sendHtml(res, 401, loginPage(next, { wrong: true }));
      return;
    }
    auth.throttle.succeeded(address);
    log.info({ user: session.viewer.user, role: session.viewer.role, ip: address }, 'dashboard login');
    res.set({ 'set-cookie': sessionCookie(session.token, auth.signer.ttlMs, req.secure), 'cache-control': 'no-store' });
    res.redirect(303, next);
  };
}
