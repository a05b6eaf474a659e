/**
 * Form-style URL unescaping as Go's `url.QueryUnescape` (and the original's byte version of it):
 * `%XY` (hex digits, either case) → byte XY, `+` → space, any other `%` → error. Input without `%`
 * or `+` is returned as is (same buffer, no copy).
 */

export class UrlEscapeError extends Error {
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

/** Unescape `src[start, end)`; returns `src` itself (subarray) when there is nothing to unescape. */
export function urlUnescape(src: Buffer, start = 0, end = src.length): Buffer {
  // Common case first, with the native byte search: nothing to unescape.
  if (start === 0 && end === src.length && src.indexOf(0x25) < 0 && src.indexOf(0x2b) < 0) return src;
  let percents = 0;
  let plus = false;
  for (let i = start; i < end; i++) {
    const b = src[i];
    if (b === 0x25) {
      if (i + 2 >= end || hexDigit(src[i + 1]) < 0 || hexDigit(src[i + 2]) < 0) {
        throw new UrlEscapeError(printableBytes(src, i, Math.min(i + 3, end)), i - start);
      }
      percents++;
      i += 2;
    } else if (b === 0x2b) plus = true;
  }
  if (percents === 0 && !plus) return src.subarray(start, end);
  const out = Buffer.allocUnsafe(end - start - 2 * percents);
  let w = 0;
  for (let i = start; i < end; i++) {
    const b = src[i];
    if (b === 0x25) {
      out[w++] = (hexDigit(src[i + 1]) << 4) | hexDigit(src[i + 2]);
      i += 2;
    } else out[w++] = b === 0x2b ? 0x20 : b;
  }
  return out;
}
