/**
 * Bytes → JS string the way a Go program sees them: Go's `utf8.DecodeRune` turns every byte that does
 * not start a valid sequence into one U+FFFD and moves on by ONE byte (so `E2 82` gives two U+FFFD,
 * `F0 9F 98` three, an encoded surrogate `ED A0 80` three). Node's decoder (WHATWG) replaces a whole
 * maximal subpart with one U+FFFD instead, so it is only used on ranges known to be valid UTF-8.
 */
import { isUtf8 } from 'buffer';

const REPLACEMENT = [0xef, 0xbf, 0xbd];

/** Length of the valid UTF-8 sequence starting at `i` (1–4), or 0 if Go's DecodeRune rejects it. */
export function utf8SequenceLength(buf: Uint8Array, i: number, end: number): number {
  const b0 = buf[i];
  if (b0 < 0x80) return 1;
  if (b0 < 0xc2 || b0 > 0xf4) return 0;
  // Allowed range of the second byte depends on the lead byte (no overlongs, no surrogates, ≤ U+10FFFF).
  let lo = 0x80;
  let hi = 0xbf;
  let length: number;
  if (b0 < 0xe0) length = 2;
  else if (b0 < 0xf0) {
    length = 3;
    if (b0 === 0xe0) lo = 0xa0;
    else if (b0 === 0xed) hi = 0x9f;
  } else {
    length = 4;
    if (b0 === 0xf0) lo = 0x90;
    else if (b0 === 0xf4) hi = 0x8f;
  }
  if (i + length > end) return 0;
  const b1 = buf[i + 1];
  if (b1 < lo || b1 > hi) return 0;
  for (let k = 2; k < length; k++) {
    const b = buf[i + k];
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return length;
}

/** Copy of `buf[start, end)` with each byte Go would reject replaced by the bytes of U+FFFD. */
export function replaceInvalidUtf8(buf: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe((end - start) * 3);
  let w = 0;
  let i = start;
  while (i < end) {
    const n = utf8SequenceLength(buf, i, end);
    if (n === 0) {
      out[w++] = REPLACEMENT[0];
      out[w++] = REPLACEMENT[1];
      out[w++] = REPLACEMENT[2];
      i++;
    } else {
      for (let k = 0; k < n; k++) out[w++] = buf[i + k];
      i += n;
    }
  }
  return out.subarray(0, w);
}

/** `buf[start, end)` as a string with Go's per-byte U+FFFD replacement of invalid UTF-8. */
export function goString(buf: Buffer, start: number, end: number): string {
  const slice = buf.subarray(start, end);
  if (isUtf8(slice)) return slice.toString('utf8');
  return replaceInvalidUtf8(buf, start, end).toString('utf8');
}

/** Whether the whole buffer is valid UTF-8 (then Node's decoder agrees with Go's everywhere in it). */
export function isValidUtf8(buf: Buffer): boolean {
  return isUtf8(buf);
}
