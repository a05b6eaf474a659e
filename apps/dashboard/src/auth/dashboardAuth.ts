import type { Settings } from '@spade/config';
import { authenticate, dashboardAccounts, type Account, type Role } from './accounts';
import { cookieValue, SESSION_COOKIE } from './cookies';
import { LoginThrottle } from './loginThrottle';
import { SessionSigner } from './session';

/** Who is looking at the dashboard. */
export interface Viewer {
  user: string;
  role: Role;
}

/** With auth off everyone is an unnamed admin. */
export const ANONYMOUS_ADMIN: Viewer = { user: '', role: 'admin' };

/** The dashboard's authentication, without any web framework: credentials in, sessions out. */
export class DashboardAuth {
  readonly enabled: boolean;
  /** Failed logins by client address (the login route consults it). */
  readonly throttle = new LoginThrottle();
  private readonly accounts: Account[];

  constructor(
    dashboard: Settings['dashboard'],
    readonly signer: SessionSigner = new SessionSigner(),
  ) {
    this.enabled = dashboard.auth === 'on';
    this.accounts = dashboardAccounts(dashboard);
  }

  /** A session token for good credentials, else null. */
  logIn(user: string, password: string, now: number = Date.now()): { token: string; viewer: Viewer } | null {
    const account = authenticate(this.accounts, user, password);
    if (!account) return null;
    return { token: this.signer.issue(account.user, account.role, now), viewer: { user: account.user, role: account.role } };
  }

  /** The viewer of a request given its Cookie header; null when it must log in. */
  viewerOf(cookieHeader: string | undefined, now: number = Date.now()): Viewer | null {
    if (!this.enabled) return ANONYMOUS_ADMIN;
    const token = cookieValue(cookieHeader, SESSION_COOKIE);
    const session = token ? this.signer.verify(token, now) : null;
    return session && { user: session.user, role: session.role };
  }
}
