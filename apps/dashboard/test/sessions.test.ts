/** Session tokens (HMAC-signed, expiring) and the session cookie. */
import { createHmac } from 'node:crypto';
import { clearedSessionCookie, cookieValue, sessionCookie } from '../src/auth/cookies';
import { SessionSigner } from '../src/auth/session';

const KEY = Buffer.alloc(32, 7);
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('SessionSigner', () => {
  const signer = new SessionSigner(KEY, 60_000);

  it('issues a token that verifies to its user, role and expiry', () => {
    const token = signer.issue('ops', 'admin', NOW);
    expect(token).toBe(`${Buffer.from(`{"u":"ops","r":"admin","e":${NOW + 60_000}}`).toString('base64url')}.${token.split('.')[1]}`);
    expect(signer.verify(token, NOW + 59_999)).toEqual({ user: 'ops', role: 'admin', expiresAt: NOW + 60_000 });
  });

  it('refuses a token once it has expired', () => {
    expect(signer.verify(signer.issue('ops', 'admin', NOW), NOW + 60_000)).toBeNull();
  });

  it('refuses a token signed with another key (another process, or a forger)', () => {
    const other = new SessionSigner(Buffer.alloc(32, 8), 60_000);
    expect(signer.verify(other.issue('ops', 'admin', NOW), NOW)).toBeNull();
  });

  it.each([
    ['an empty token', ''],
    ['no signature', 'eyJ1IjoiIn0'],
    ['no payload', '.abc'],
    ['a short signature', 'eyJ1IjoiIn0.abc'],
  ])('refuses %s', (_case, token) => {
    expect(signer.verify(token, NOW)).toBeNull();
  });

  it.each([
    ['a role that does not exist', { u: 'ops', r: 'root', e: NOW + 1000 }],
    ['an expiry that is not a number', { u: 'ops', r: 'admin', e: 'never' }],
    ['no user', { r: 'admin', e: NOW + 1000 }],
  ])('refuses a correctly signed payload with %s', (_case, payload) => {
    const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const signature = createHmac('sha256', KEY).update(encoded).digest('base64url');
    expect(signer.verify(`${encoded}.${signature}`, NOW)).toBeNull();
  });

  it('refuses a payload changed after signing', () => {
    const [, signature] = signer.issue('viewer', 'readonly', NOW).split('.');
    const forged = Buffer.from(`{"u":"viewer","r":"admin","e":${NOW + 60_000}}`).toString('base64url');
    expect(signer.verify(`${forged}.${signature}`, NOW)).toBeNull();
  });
});

describe('session cookie', () => {
  it.each([
    [false, 'spade_session=abc.def; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict'],
    [true, 'spade_session=abc.def; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure'],
  ])('is HttpOnly and SameSite=Strict (Secure over HTTPS: %s)', (secure, cookie) => {
    expect(sessionCookie('abc.def', 12 * 3600 * 1000, secure)).toBe(cookie);
  });

  it('is cleared with an empty value and Max-Age=0', () => {
    expect(clearedSessionCookie(false)).toBe('spade_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
  });

  it.each([
    ['spade_session=abc.def', 'abc.def'],
    ['theme=dark; spade_session=abc.def; other=1', 'abc.def'],
    ['my_spade_session=x; spade_session= t ', 't'],
    ['theme=dark', undefined],
    [undefined, undefined],
  ])('is read from the Cookie header %j', (header, value) => {
    expect(cookieValue(header, 'spade_session')).toBe(value);
  });
});
