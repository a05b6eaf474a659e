/** Dashboard accounts from settings, and checking credentials against them. */
import { authenticate, dashboardAccounts, type Account } from '../src/auth/accounts';
import { safeNextPath } from '../src/auth/nextPath';

const SETTINGS = { port: 3000, auth: 'on' as const, user: 'ops', password: 'pw-admin', readonlyUser: 'viewer', readonlyPassword: 'pw-viewer' };

describe('dashboardAccounts', () => {
  it('makes the user an admin and the read-only user read-only', () => {
    expect(dashboardAccounts(SETTINGS)).toEqual([
      { user: 'ops', password: 'pw-admin', role: 'admin' },
      { user: 'viewer', password: 'pw-viewer', role: 'readonly' },
    ]);
  });

  it('has no read-only account when its user is not set', () => {
    expect(dashboardAccounts({ ...SETTINGS, readonlyUser: '', readonlyPassword: '' })).toEqual([{ user: 'ops', password: 'pw-admin', role: 'admin' }]);
  });
});

describe('authenticate', () => {
  const accounts: Account[] = dashboardAccounts(SETTINGS);

  it.each([
    ['ops', 'pw-admin', 'admin'],
    ['viewer', 'pw-viewer', 'readonly'],
    ['ops', 'pw-viewer', null],
    ['viewer', 'pw-admin', null],
    ['ops', 'pw-admin ', null],
    ['Ops', 'pw-admin', null],
    ['', '', null],
  ])('%j with %j opens %s', (user, password, role) => {
    expect(authenticate(accounts, user, password)?.role ?? null).toBe(role);
  });

  it('opens nothing when there are no accounts', () => {
    expect(authenticate([], '', '')).toBeNull();
  });
});

describe('safeNextPath', () => {
  it.each([
    ['/queues/queue/parse?status=failed', '/queues/queue/parse?status=failed'],
    ['/', '/'],
    ['//evil.example', '/pipeline'],
    ['/\\evil.example', '/pipeline'],
    ['https://evil.example/', '/pipeline'],
    ['javascript:alert(1)', '/pipeline'],
    ['/a\nb', '/pipeline'],
    ['', '/pipeline'],
    [undefined, '/pipeline'],
    [['/a', '/b'], '/pipeline'],
  ])('%j → %s', (next, path) => {
    expect(safeNextPath(next)).toBe(path);
  });
});
