import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from './accounts';

export interface Session {
  user: string;
  role: Role;
  /** Epoch milliseconds after which the session is refused. */
  expiresAt: number;
}

export const SESSION_TTL_MS = 12 * 3600 * 1000;

const ROLES: ReadonlySet<string> = new Set<Role>(['admin', 'readonly']);

/**
 * Session tokens: `<payload>.<signature>`, both base64url; the payload is `{u, r, e}` JSON and
 * the signature its HMAC-SHA256. The key is random per process unless given, so a restart ends
 * every session and nothing secret is derived from the passwords.
 */
export class SessionSigner {
  constructor(
    private readonly key: Buffer = randomBytes(32),
    readonly ttlMs: number = SESSION_TTL_MS,
  ) {}

  issue(user: string, role: Role, now: number = Date.now()): string {
    const payload = Buffer.from(JSON.stringify({ u: user, r: role, e: now + this.ttlMs })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The session of a token that is well formed, signed with this key and not expired; else null. */
  verify(token: string, now: number = Date.now()): Session | null {
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const session = parsePayload(payload);
    return session !== null && session.expiresAt > now ? session : null;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

function parsePayload(payload: string): Session | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { u, r, e } = value as Record<string, unknown>;
  if (typeof u !== 'string' || typeof r !== 'string' || !ROLES.has(r) || typeof e !== 'number') return null;
  return { user: u, role: r as Role, expiresAt: e };
}
