import { createHash, timingSafeEqual } from 'node:crypto';
import type { Settings } from '@spade/config';

/** `admin` may change jobs (retry, clean, promote, delete); `readonly` may only look. */
export type Role = 'admin' | 'readonly';

export interface Account {
  user: string;
  password: string;
  role: Role;
}

/** The accounts the settings define (the read-only one only when its user is set). */
export function dashboardAccounts(dashboard: Settings['dashboard']): Account[] {
  const accounts: Account[] = [];
  if (dashboard.user !== '') accounts.push({ user: dashboard.user, password: dashboard.password, role: 'admin' });
  if (dashboard.readonlyUser !== '') accounts.push({ user: dashboard.readonlyUser, password: dashboard.readonlyPassword, role: 'readonly' });
  return accounts;
}

/** Digests have one length whatever the input, so comparing them takes the same time. */
function sameText(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * The account these credentials open, or null. Every account is checked, user and password both,
 * so the time taken says nothing about which part was wrong.
 */
export function authenticate(accounts: readonly Account[], user: string, password: string): Account | null {
  let match: Account | null = null;
  for (const account of accounts) {
    const userMatches = sameText(user, account.user);
    const passwordMatches = sameText(password, account.password);
    if (userMatches && passwordMatches && match === null) match = account;
  }
  return match;
}
