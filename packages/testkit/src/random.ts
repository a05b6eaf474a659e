import { randomBytes } from 'node:crypto';

/** Lower-case hex, safe in database names and Redis keys. */
export function randomSuffix(bytes = 6): string {
  return randomBytes(bytes).toString('hex');
}
