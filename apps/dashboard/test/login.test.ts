/**
 * Logging in to the dashboard against real Redis, PostgreSQL and S3: the session cookie, wrong
 * passwords, logging out, and starting with and without credentials.
 */
import { SettingsError } from '@spade/config';
import { createLogger } from '@spade/runtime';
import { startDashboard } from '../src';
import { ADMIN, DashboardRig, logIn, READER, request } from './support/dashboardRig';

jest.setTimeout(30_000);

describe('dashboard login', () => {
  const rig = new DashboardRig();
  let base: string;

  beforeAll(async () => {
    await rig.start();
    base = (await rig.startDashboard()).url;
  });
  afterAll(() => rig.stop());

  it.each([
    ['/pipeline', '/login?next=%2Fpipeline'],
    ['/queues', '/login?next=%2Fqueues'],
    ['/queues/queue/parse?status=failed', '/login?next=%2Fqueues%2Fqueue%2Fparse%3Fstatus%3Dfailed'],
    ['/', '/login?next=%2F'],
  ])('sends a page request for %s without a session to the login page', async (path, location) => {
    const reply = await request(base, path);
    expect(reply.status).toBe(303);
    expect(reply.headers.get('location')).toBe(location);
  });

  it.each([
    ['GET', '/queues/api/queues'],
    ['PUT', '/queues/api/queues/parse/retry/failed'],
    ['POST', '/pipeline/parse'],
  ])('answers %s %s without a session with 401', async (method, path) => {
    const reply = await request(base, path, { method });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.text)).toEqual({ error: 'log in first (POST /login)' });
  });

  it('shows the login form with the page to return to', async () => {
    const reply = await request(base, '/login?next=%2Fqueues');
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('<form class="login" method="post" action="/login">');
    expect(reply.text).toContain('<input type="hidden" name="next" value="/queues">');
  });

  it('logs the admin in with an HttpOnly SameSite=Strict session cookie that expires', async () => {
    const reply = await request(base, '/login', { method: 'POST', form: { user: ADMIN.user, password: ADMIN.password, next: '/queues' } });
    expect(reply.status).toBe(303);
    expect(reply.headers.get('location')).toBe('/queues');
    const cookie = reply.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^spade_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    const page = await request(base, '/pipeline', { cookie: cookie.split(';')[0] });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<span class="who">ops</span>');
  });

  it('logs the read-only user in and says so on the page', async () => {
    const cookie = await logIn(base, READER);
    const page = await request(base, '/pipeline', { cookie });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<span class="who">viewer (read-only)</span>');
  });

  it.each([
    ['a wrong password', ADMIN.user, 'wrong'],
    ['the read-only password for the admin', ADMIN.user, READER.password],
    ['an unknown user', 'mallory', ADMIN.password],
    ['empty fields', '', ''],
  ])('refuses %s with 401, the error page and no cookie', async (_case, user, password) => {
    const reply = await request(base, '/login', { method: 'POST', form: { user, password, next: '/pipeline' } });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('set-cookie')).toBeNull();
    expect(reply.text).toContain('Wrong user name or password.');
  });

  it('makes an address that failed too often wait, with 429 and Retry-After, even with the right password', async () => {
    // The dashboard trusts X-Forwarded-For from loopback (a proxy in front): each case is its own address.
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const attempt = (address: string, password: string) =>
      request(base, '/login', { method: 'POST', headers: from(address), form: { user: ADMIN.user, password, next: '/pipeline' } });
    for (let i = 0; i < 10; i++) expect((await attempt('192.0.2.7', 'guess')).status).toBe(401);
    const refused = await attempt('192.0.2.7', ADMIN.password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(refused.text).toContain('Too many failed logins from your address: try again in 15 minutes.');
    expect((await attempt('192.0.2.8', ADMIN.password)).status).toBe(303); // another address logs in
  });

  it.each([
    ['//evil.example/', '/pipeline'],
    ['https://evil.example/', '/pipeline'],
    ['/\\evil.example', '/pipeline'],
    ['/queues/queue/load.login', '/queues/queue/load.login'],
  ])('after logging in with next=%s goes to %s', async (next, location) => {
    const reply = await request(base, '/login', { method: 'POST', form: { user: ADMIN.user, password: ADMIN.password, next } });
    expect(reply.headers.get('location')).toBe(location);
  });

  it.each([
    ['a forged signature', (cookie: string) => `${cookie.slice(0, cookie.lastIndexOf('.') + 1)}AAAA`],
    ['a payload changed to admin', (cookie: string) => cookie.replace(/=[^.]+/, `=${Buffer.from('{"u":"viewer","r":"admin","e":99999999999999}').toString('base64url')}`)],
  ])('refuses a session cookie with %s', async (_case, tamper) => {
    const cookie = await logIn(base, READER);
    const reply = await request(base, '/queues/api/queues', { cookie: tamper(cookie) });
    expect(reply.status).toBe(401);
  });

  it('logs out: the cookie is cleared and the login page follows', async () => {
    const cookie = await logIn(base, ADMIN);
    const reply = await request(base, '/logout', { method: 'POST', cookie });
    expect(reply.status).toBe(303);
    expect(reply.headers.get('location')).toBe('/login');
    expect(reply.headers.get('set-cookie')).toBe('spade_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
  });

  it('serves /healthz, /readyz and /metrics without a session, as the other processes do', async () => {
    const health = await request(base, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
    const ready = await request(base, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', failing: [], checks: { redis: 'ok', warehouse: 'ok' } });
    const metrics = await request(base, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('# TYPE spade_process_cpu_user_seconds_total counter');
  });

  it('answers /readyz with 503 naming the warehouse when it does not answer', async () => {
    const broken = await rig.startDashboard({ SPADE_WAREHOUSE_URL: 'postgres://spade:secret@127.0.0.1:1/nowhere' });
    type Report = { status: string; failing: string[]; checks: Record<string, string> };
    let ready = await request(broken.url, '/readyz');
    // Redis may still be connecting right after the start.
    for (let i = 0; i < 40 && (JSON.parse(ready.text) as Report).checks.redis !== 'ok'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ready = await request(broken.url, '/readyz');
    }
    expect(ready.status).toBe(503);
    const body = JSON.parse(ready.text) as Report;
    expect({ status: body.status, failing: body.failing, redis: body.checks.redis }).toEqual({ status: 'not ready', failing: ['warehouse'], redis: 'ok' });
    expect(body.checks.warehouse).toMatch(/ECONNREFUSED/);
  });

  it('refuses to start without credentials while auth is on, naming what is missing', async () => {
    const settings = rig.settings({ SPADE_DASHBOARD_USER: '', SPADE_DASHBOARD_PASSWORD: '' });
    const started = startDashboard(settings, createLogger('dashboard-test', 'silent'), { port: 0 });
    await expect(started).rejects.toThrow(SettingsError);
    await expect(started).rejects.toThrow(/SPADE_DASHBOARD_USER is required when SPADE_DASHBOARD_AUTH is on[\s\S]*SPADE_DASHBOARD_PASSWORD is required/);
  });

  it('refuses to start on a port in use, naming the setting', async () => {
    const taken = Number(new URL(base).port);
    await expect(rig.startDashboard({}, { port: taken })).rejects.toThrow(`SPADE_DASHBOARD_PORT ${taken} is in use`);
  });

  it('starts with auth off and no credentials, and lets everyone in as admin', async () => {
    const open = await rig.startDashboard({ SPADE_DASHBOARD_AUTH: 'off', SPADE_DASHBOARD_USER: '', SPADE_DASHBOARD_PASSWORD: '', SPADE_DASHBOARD_READONLY_USER: '', SPADE_DASHBOARD_READONLY_PASSWORD: '' });
    const page = await request(open.url, '/pipeline');
    expect(page.status).toBe(200);
    expect(page.text).toContain('authentication off');
    const api = await request(open.url, '/queues/api/queues');
    expect(api.status).toBe(200);
    const login = await request(open.url, '/login');
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/pipeline');
  });
});
