export const DEFAULT_PAGE = '/pipeline';

/**
 * Where to go after logging in: only a path on this site. `//host` and `/\host` are refused
 * (browsers read both as another host), as is anything with control characters.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return DEFAULT_PAGE;
  if (value.charCodeAt(0) !== 47 /* / */) return DEFAULT_PAGE;
  const second = value.charCodeAt(1);
  if (second === 47 || second === 92 /* \ */) return DEFAULT_PAGE;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 32 || code === 127) return DEFAULT_PAGE;
  }
  return value;
}
