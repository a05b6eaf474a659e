/**
 * Value checks shared by the convict schema and by loadSettings. A check returns the problem as
 * the tail of a sentence ("must be a positive integer") or null when the value is fine, so the
 * caller can put the variable name in front of it.
 */

export type Check = (value: unknown) => string | null;

const DIGITS = /^[0-9]+$/;

/** Env values arrive as strings; turn digit-only strings into numbers and leave anything else
 * as it is, so the check can name the bad text instead of silently parsing "12abc" as 12. */
export function coerceInteger(value: unknown): unknown {
  if (typeof value === 'string' && DIGITS.test(value)) return Number(value);
  return value;
}

export function integerAtLeast(min: number, max = Number.MAX_SAFE_INTEGER): Check {
  const wanted = min === 1 ? 'a positive integer' : `an integer >= ${min}`;
  return (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) return `must be ${wanted}`;
    if (value > max) return `must be at most ${max}`;
    return null;
  };
}

export const positiveInteger: Check = integerAtLeast(1);
export const port: Check = (value) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535
    ? null
    : 'must be a port number (1-65535)';
export const portOrZero: Check = (value) =>
  value === 0 ? null : port(value) === null ? null : 'must be a port number (1-65535) or 0 to turn it off';

export const anyText: Check = (value) => (typeof value === 'string' ? null : 'must be a string');

export const requiredText: Check = (value) =>
  typeof value !== 'string' ? 'must be a string' : value.trim() === '' ? 'is required' : null;

export function oneOf(choices: readonly string[]): Check {
  return (value) =>
    typeof value === 'string' && choices.includes(value) ? null : `must be one of ${choices.join(', ')}`;
}

/** A URL whose scheme is one of `schemes` (e.g. ['redis:', 'rediss:']). Empty is allowed only
 * when `optional`. */
export function urlWithScheme(schemes: readonly string[], optional = false): Check {
  const names = schemes.map((s) => `${s}//`).join(' or ');
  return (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (value === '') return optional ? null : 'is required';
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return `must be a ${names} URL`;
    }
    return schemes.includes(parsed.protocol) ? null : `must be a ${names} URL`;
  };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Schema names go into SQL (always double-quoted); keep them to plain identifiers. */
export const sqlIdentifier: Check = (value) =>
  typeof value === 'string' && IDENTIFIER.test(value)
    ? null
    : 'must be a plain SQL identifier (letters, digits, _; not starting with a digit; at most 63 characters)';

/** An S3 key prefix: may be empty, must not start with '/' (S3 keys never do). */
export const keyPrefix: Check = (value) => {
  if (typeof value !== 'string') return 'must be a string';
  return value.startsWith('/') ? 'must not start with "/"' : null;
};

/** A local path or an s3://bucket/key URL. */
export const pathOrS3Url: Check = (value) => {
  const missing = requiredText(value);
  if (missing !== null) return missing;
  const text = value as string;
  if (!text.startsWith('s3://')) return null;
  const rest = text.slice(5);
  const slash = rest.indexOf('/');
  return slash > 0 && slash < rest.length - 1 ? null : 'must be a file path or an s3://bucket/key URL';
};

/** Values that may hold credentials are shown with their password replaced. */
export function maskUrlPassword(value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    // Unparseable but possibly holding user:password@ — show nothing of it.
    return value.includes('@') ? '****' : value;
  }
  if (parsed.password === '') return value;
  parsed.password = '****';
  return parsed.toString();
}
