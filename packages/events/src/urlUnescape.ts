/**
 * Form-style URL unescaping as Go's `url.QueryUnescape` (and the original's byte version of it):
 * `%XY` (hex digits, either case) → byte XY, `+` → space, any other `%` → error. Input without `%`
 * or `+` is returned as is (same buffer, no copy).
 */

import { InputError } from './inputError';

export class UrlEscapeError extends InputError {
  constructor(
    /** The bad escape as Go reports it (the `%` and at most two following bytes), non-printable bytes as `\xNN`. */
    readonly escape: string,
    readonly offset: number,
  ) {
    super(`invalid URL escape "${escape}"`);
    this.name = 'UrlEscapeError';
  }
}

function hexDigit(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const lower = b | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** Bytes as readable text for a message: printable ASCII as is, `"` and `\\` escaped, others `\xNN`. */
function printableBytes(src: Buffer, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) {
    const b = src[i];
    if (b === 0x22 || b === 0x5c) text += '\\' + String.fromCharCode(b);
    else if (b >= 0x20 && b < 0x7f) text += String.fromCharCode(b);
    else text += '\\x' + b.toString(16).padStart(2, '0');
  }
  return text;
}

/** Index of the first `%` or `+` in `src[start, end)`, or `end`. */
function firstSpecial(src: Buffer, start: number, end: number): number {
  if (start === 0 && end === src.length) {
    // Whole buffer: native byte searches.
    const percent = src.indexOf(0x25);
    const plus = src.indexOf(0x2b);
    if (percent < 0) return plus < 0 ? end : plus;
    return plus < 0 || percent < plus ? percent : plus;
  }
  for (let i = start; i < end; i++) if (src[i] === 0x25 || src[i] === 0x2b) return i;
  return end;
}

/** Unescape `src[start, end)`; returns `src` itself (subarray) when there is nothing to unescape. */
export function urlUnescape(src: Buffer, start = 0, end = src.length): Buffer {
  const first = firstSpecial(src, start, end);
  if (first === end) return start === 0 && end === src.length ? src : src.subarray(start, end);
  const out = Buffer.allocUnsafe(end - start);
  src.copy(out, 0, start, first);
  let w = first - start;
  for (let i = first; i < end; i++) {
    const b = src[i];
    if (b === 0x25) {
      const high = i + 2 < end ? hexDigit(src[i + 1]) : -1;
      const low = high >= 0 ? hexDigit(src[i + 2]) : -1;
      if (low < 0) throw new UrlEscapeError(printableBytes(src, i, Math.min(i + 3, end)), i - start);
      out[w++] = (high << 4) | low;
      i += 2;
    } else out[w++] = b === 0x2b ? 0x20 : b;
  }
  return out.subarray(0, w);
}
