/** Failed logins in a row after which an address must wait. */
export const MAX_FAILED_LOGINS = 10;
/** How long after its last failure a locked-out address waits; failures further apart do not add up. */
export const LOGIN_LOCK_MS = 15 * 60_000;
/** Addresses remembered at most; the one whose last failure is oldest is forgotten first. */
const MAX_ADDRESSES = 10_000;

interface Failures {
  count: number;
  last: number;
}

/**
 * Slows password guessing down: after MAX_FAILED_LOGINS failed logins in a row from one client
 * address, that address may not log in (not even with the right password) until LOGIN_LOCK_MS
 * after its last failure. A successful login clears its count. In memory, per dashboard process:
 * with several replicas each counts on its own (the sticky sessions they need keep a client on one).
 */
export class LoginThrottle {
  /** Least recently failing first (a Map keeps insertion order; a failure re-inserts). */
  private readonly failures = new Map<string, Failures>();

  /** Seconds the address must wait before it may try again; 0 when it may try now. */
  waitSeconds(address: string, now: number = Date.now()): number {
    const entry = this.failures.get(address);
    if (!entry || entry.count < MAX_FAILED_LOGINS) return 0;
    const left = entry.last + LOGIN_LOCK_MS - now;
    if (left > 0) return Math.ceil(left / 1000);
    this.failures.delete(address);
    return 0;
  }

  failed(address: string, now: number = Date.now()): void {
    const entry = this.failures.get(address);
    const count = entry && now - entry.last < LOGIN_LOCK_MS ? entry.count + 1 : 1;
    this.failures.delete(address);
    this.failures.set(address, { count, last: now });
    if (this.failures.size > MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value as string);
  }

  succeeded(address: string): void {
    this.failures.delete(address);
  }
}
