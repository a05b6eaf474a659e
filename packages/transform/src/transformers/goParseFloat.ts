/**
 * Go's strconv.ParseFloat(text, 64), Go 1.19: decimal and hexadecimal (`0x1.8p3`) syntax, `_`
 * digit separators where Go allows them, case-insensitive `inf`/`infinity` (signed) and `nan`
 * (unsigned). Decimal values are rounded by Number(), which is correctly rounded like Go.
 */

/** Why ParseFloat failed (strings, so they never collide with parsed values). */
export const FloatFailure = { Syntax: 'syntax', Range: 'range' } as const;
export type FloatFailure = (typeof FloatFailure)[keyof typeof FloatFailure];

function lower(unit: number): number {
  return unit | 0x20;
}

function isDigit(unit: number): boolean {
  return unit >= 0x30 && unit <= 0x39;
}

function isHexLetter(unit: number): boolean {
  const c = lower(unit);
  return c >= 0x61 && c <= 0x66;
}

/** Length of the case-insensitive common prefix of text[from…] and a lower-case word. */
function commonPrefixLength(text: string, from: number, word: string): number {
  const n = Math.min(word.length, text.length - from);
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(from + i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== word.charCodeAt(i)) return i;
  }
  return n;
}

/** Go's special(): ±Inf / NaN when the whole text is one of their spellings. */
function parseSpecial(text: string): number | FloatFailure | undefined {
  const first = text.charCodeAt(0);
  let from = 0;
  let sign = 1;
  if (first === 0x2b || first === 0x2d) {
    sign = first === 0x2d ? -1 : 1;
    from = 1;
  } else if (lower(first) === 0x6e) {
    // Go's nan takes no sign.
    return commonPrefixLength(text, 0, 'nan') === 3 ? (text.length === 3 ? NaN : FloatFailure.Syntax) : undefined;
  } else if (lower(first) !== 0x69) {
    return undefined;
  }
  let n = commonPrefixLength(text, from, 'infinity');
  if (n > 3 && n < 8) n = 3;
  if (n !== 3 && n !== 8) return undefined;
  return from + n === text.length ? sign * Infinity : FloatFailure.Syntax;
}

/** Go's underscoreOK: `_` only between digits (or after a base prefix). */
function underscoresAllowed(text: string, end: number): boolean {
  let saw = '^';
  let i = 0;
  if (text[0] === '-' || text[0] === '+') i = 1;
  let hex = false;
  if (end - i >= 2 && text[i] === '0' && 'bBoOxX'.includes(text[i + 1])) {
    hex = lower(text.charCodeAt(i + 1)) === 0x78;
    saw = '0';
    i += 2;
  }
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c) || (hex && isHexLetter(c))) {
      saw = '0';
      continue;
    }
    if (c === 0x5f) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** Reads an exponent's digits (and `_`) from `i`; Go stops accumulating at 10000. */
function readExponent(text: string, start: number): { end: number; value: number; underscores: boolean } | undefined {
  let i = start;
  if (i >= text.length) return undefined;
  let sign = 1;
  if (text[i] === '+') i++;
  else if (text[i] === '-') {
    sign = -1;
    i++;
  }
  if (i >= text.length || !isDigit(text.charCodeAt(i))) return undefined;
  let value = 0;
  let underscores = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) underscores = true;
    else if (isDigit(c)) {
      if (value < 10000) value = value * 10 + (c - 0x30);
    } else break;
  }
  return { end: i, value: sign * value, underscores };
}

function parseDecimal(text: string, start: number): number | FloatFailure {
  let i = start;
  let sawDot = false;
  let sawDigits = false;
  let underscores = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) underscores = true;
    else if (c === 0x2e) {
      if (sawDot) break;
      sawDot = true;
    } else if (isDigit(c)) sawDigits = true;
    else break;
  }
  if (!sawDigits) return FloatFailure.Syntax;
  if (i < text.length && lower(text.charCodeAt(i)) === 0x65) {
    const exponent = readExponent(text, i + 1);
    if (!exponent) return FloatFailure.Syntax;
    i = exponent.end;
    underscores ||= exponent.underscores;
  }
  if (i !== text.length) return FloatFailure.Syntax;
  if (underscores && !underscoresAllowed(text, i)) return FloatFailure.Syntax;
  const value = Number(underscores ? text.replace(/_/g, '') : text);
  return Number.isFinite(value) ? value : FloatFailure.Range;
}

const MANTISSA_BITS = 52n;
const MIN_EXP = -1022;
const MAX_EXP = 1023;

/** Go's atofHex: rounds a ≤64-bit mantissa × 2^exp to float64 with a sticky truncation bit. */
function roundHex(mantissaIn: bigint, expIn: number, truncated: boolean): number | FloatFailure {
  let mantissa = mantissaIn;
  let exp = expIn + 52;
  while (mantissa !== 0n && mantissa >> (MANTISSA_BITS + 2n) === 0n) {
    mantissa <<= 1n;
    exp--;
  }
  if (truncated) mantissa |= 1n;
  while (mantissa >> (MANTISSA_BITS + 3n) !== 0n) {
    mantissa = (mantissa >> 1n) | (mantissa & 1n);
    exp++;
  }
  while (mantissa > 1n && exp < MIN_EXP - 2) {
    mantissa = (mantissa >> 1n) | (mantissa & 1n);
    exp++;
  }
  let round = mantissa & 3n;
  mantissa >>= 2n;
  round |= mantissa & 1n;
  exp += 2;
  if (round === 3n) {
    mantissa++;
    if (mantissa === 1n << (MANTISSA_BITS + 1n)) {
      mantissa >>= 1n;
      exp++;
    }
  }
  if (mantissa >> MANTISSA_BITS === 0n) return Number(mantissa) * 2 ** -1074; // subnormal or zero
  if (exp > MAX_EXP) return FloatFailure.Range;
  return Number(mantissa) * 2 ** (exp - 52);
}

function parseHex(text: string, start: number): number | FloatFailure {
  let i = start;
  let mantissa = 0n;
  let truncated = false;
  let sawDot = false;
  let sawDigits = false;
  let underscores = false;
  let digits = 0;
  let mantissaDigits = 0;
  let pointAt = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) underscores = true;
    else if (c === 0x2e) {
      if (sawDot) break;
      sawDot = true;
      pointAt = digits;
    } else if (isDigit(c) || isHexLetter(c)) {
      sawDigits = true;
      if (c === 0x30 && digits === 0) {
        pointAt--; // leading zero
        continue;
      }
      digits++;
      if (mantissaDigits < 16) {
        mantissa = mantissa * 16n + BigInt(isDigit(c) ? c - 0x30 : lower(c) - 0x61 + 10);
        mantissaDigits++;
      } else if (c !== 0x30) {
        truncated = true;
      }
    } else break;
  }
  if (!sawDigits) return FloatFailure.Syntax;
  if (!sawDot) pointAt = digits;
  if (i >= text.length || lower(text.charCodeAt(i)) !== 0x70) return FloatFailure.Syntax; // `p` exponent required
  const exponent = readExponent(text, i + 1);
  if (!exponent) return FloatFailure.Syntax;
  i = exponent.end;
  if (i !== text.length) return FloatFailure.Syntax;
  if ((underscores || exponent.underscores) && !underscoresAllowed(text, i)) return FloatFailure.Syntax;
  const binaryExponent = mantissa === 0n ? 0 : pointAt * 4 + exponent.value - mantissaDigits * 4;
  return roundHex(mantissa, binaryExponent, truncated);
}

/**
 * Go's ParseFloat(text, 64): the value, or a FloatFailure (Syntax, or Range for overflow — Go
 * returns ±Inf with ErrRange then; underflow is not an error).
 */
export function goParseFloatDetailed(text: string): number | FloatFailure {
  if (text.length === 0) return FloatFailure.Syntax;
  const special = parseSpecial(text);
  if (special !== undefined) return special;
  let i = 0;
  const first = text.charCodeAt(0);
  const negative = first === 0x2d;
  if (negative || first === 0x2b) i = 1;
  const isHex = i + 2 < text.length && text[i] === '0' && lower(text.charCodeAt(i + 1)) === 0x78;
  if (!isHex) return parseDecimal(text, i);
  const magnitude = parseHex(text, i + 2);
  if (typeof magnitude !== 'number') return magnitude;
  return negative ? -magnitude : magnitude;
}

/** Go's ParseFloat(text, 64), or undefined where Go returns an error. */
export function goParseFloat(text: string): number | undefined {
  const result = goParseFloatDetailed(text);
  return typeof result === 'number' ? result : undefined;
}
