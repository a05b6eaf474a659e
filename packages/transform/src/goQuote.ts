import { PRINTABLE_RANGES } from './unicodePrint';

const HEX = '0123456789abcdef';

/** Go's strconv.IsPrint (Unicode 13.0.0): binary search over the generated ranges. */
export function isGoPrintable(codePoint: number): boolean {
  if (codePoint < 0x80) return codePoint >= 0x20 && codePoint < 0x7f;
  const ranges = PRINTABLE_RANGES;
  let lo = 0;
  let hi = (ranges.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (codePoint < ranges[mid * 2]) hi = mid - 1;
    else if (codePoint >= ranges[mid * 2 + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** True when the UTF-16 unit can be copied as-is (printable ASCII other than `"` and `\`). */
function isPlainAscii(unit: number): boolean {
  return unit >= 0x20 && unit < 0x7f && unit !== 0x22 && unit !== 0x5c;
}

function hexDigits(value: number, width: number): string {
  let out = '';
  for (let shift = (width - 1) * 4; shift >= 0; shift -= 4) out += HEX[(value >>> shift) & 0xf];
  return out;
}

function escapeAscii(unit: number): string {
  switch (unit) {
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x0b: return '\\v';
    case 0x22: return '\\"';
    case 0x5c: return '\\\\';
    default: return '\\x' + hexDigits(unit, 2); // other C0 controls and DEL
  }
}

function escapeNonAscii(codePoint: number): string {
  if (isGoPrintable(codePoint)) return String.fromCodePoint(codePoint);
  return codePoint < 0x10000 ? '\\u' + hexDigits(codePoint, 4) : '\\U' + hexDigits(codePoint, 8);
}

/** Reads the code point at `i`; lone surrogates read as U+FFFD (what UTF-8 encoding makes of them). */
function codePointAt(text: string, i: number): number {
  const unit = text.charCodeAt(i);
  if (unit < 0xd800 || unit > 0xdfff) return unit;
  if (unit <= 0xdbff && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return ((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
  }
  return 0xfffd;
}

/** The escaped form of text[start…] onwards, text[0, start) being plain. */
function escapeFrom(text: string, start: number): string {
  let out = text.slice(0, start);
  let runStart = start;
  let i = start;
  while (i < text.length) {
    const unit = text.charCodeAt(i);
    if (isPlainAscii(unit)) {
      i++;
      continue;
    }
    if (unit >= 0x80) {
      const codePoint = codePointAt(text, i);
      const width = codePoint > 0xffff ? 2 : 1;
      if (codePoint !== 0xfffd && isGoPrintable(codePoint)) {
        i += width;
        continue;
      }
      out += text.slice(runStart, i) + escapeNonAscii(codePoint);
      i += width;
    } else {
      out += text.slice(runStart, i) + escapeAscii(unit);
      i++;
    }
    runStart = i;
  }
  return out + text.slice(runStart);
}

/** What goes between the quotes of goQuote(text): the text itself when nothing needs escaping. */
export function goQuoteBody(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (!isPlainAscii(text.charCodeAt(i))) return escapeFrom(text, i);
  }
  return text;
}

/**
 * Go's strconv.Quote (and `%q`) for an already-decoded string: `"` and `\` backslashed, C escapes
 * for BEL BS FF LF CR TAB VT, `\xNN` for other C0 controls and DEL, `\uXXXX` / `\UXXXXXXXX` for
 * code points Go does not consider printable; everything else as-is.
 */
export function goQuote(text: string): string {
  return '"' + goQuoteBody(text) + '"';
}
