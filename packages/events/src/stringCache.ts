/**
 * A small direct-mapped cache of short ASCII strings (object keys and short values repeat from event to
 * event). A hit returns the very same string as before: no new allocation, and V8 finds an already
 * internalized key when it is stored as a property. Only the identity of strings depends on the cache,
 * never their value.
 */
import { asciiText } from './bufferText';

const SLOTS = 4096; // a power of two
/** Longest string the cache holds. */
export const MAX_CACHED_LENGTH = 32;
const slots: string[] = new Array<string>(SLOTS).fill('');

/** The hash callers compute while scanning: `hash = Math.imul(hash, 31) + byte | 0` from 0. */
export function stepHash(hash: number, byte: number): number {
  return (Math.imul(hash, 31) + byte) | 0;
}

/**
 * `buf[start, end)` (ASCII only, at most MAX_CACHED_LENGTH bytes) as a string, from the cache when the
 * same bytes were seen before; `hash` is the stepHash of those bytes.
 */
export function cachedAsciiText(buf: Uint8Array, start: number, end: number, hash: number): string {
  const length = end - start;
  const slot = (hash ^ (hash >>> 13) ^ (length << 7)) & (SLOTS - 1);
  const candidate = slots[slot];
  if (candidate.length === length) {
    let i = 0;
    while (i < length && candidate.charCodeAt(i) === buf[start + i]) i++;
    if (i === length) return candidate;
  }
  const text = asciiText(buf as Buffer, start, end);
  slots[slot] = text;
  return text;
}

/** Like cachedAsciiText, computing the hash itself; longer strings bypass the cache. */
export function asciiTextMaybeCached(buf: Uint8Array, start: number, end: number): string {
  if (end - start > MAX_CACHED_LENGTH) return asciiText(buf as Buffer, start, end);
  let hash = 0;
  for (let i = start; i < end; i++) hash = stepHash(hash, buf[i]);
  return cachedAsciiText(buf, start, end, hash);
}
