/**
 * `int` and `bigint`: Go's strconv.ParseInt(text, 10, 64) on the number literal or the string,
 * then a bounds check (int: 32-bit, bigint: 64-bit). Accepts an optional sign and leading zeros;
 * `42.0`, `1e3`, spaces and underscores fail. Output is strconv.FormatInt's canonical decimal.
 */
import { JsonNumber } from '@spade/events';
import { ColumnTransformer, TransformError } from './types';

/** Magnitude limits as digit strings: [largest positive, largest negative]. */
const LIMITS = {
  32: ['2147483647', '2147483648'],
  64: ['9223372036854775807', '9223372036854775808'],
} as const;

function exceeds(digits: string, limit: string): boolean {
  return digits.length !== limit.length ? digits.length > limit.length : digits > limit;
}

const SYNTAX = 0;
const RANGE = 1;

/** Canonical decimal of the text, or SYNTAX / RANGE when ParseInt or the bounds check fails. */
function parseInteger(text: string, bits: 32 | 64): string | typeof SYNTAX | typeof RANGE {
  const length = text.length;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 0x2b || first === 0x2d) {
    negative = first === 0x2d;
    i = 1;
  }
  if (i === length) return SYNTAX;
  let firstSignificant = -1;
  for (let j = i; j < length; j++) {
    const c = text.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return SYNTAX;
    if (firstSignificant < 0 && c !== 0x30) firstSignificant = j;
  }
  if (firstSignificant < 0) return '0';
  const digits = firstSignificant === 0 ? text : text.slice(firstSignificant);
  if (exceeds(digits, LIMITS[bits][negative ? 1 : 0])) return RANGE;
  return negative ? '-' + digits : digits;
}

/**
 * Canonical decimal of a base-10 integer text within the given bit size, or undefined when Go's
 * ParseInt (or the bounds check) would fail.
 */
export function parseGoInteger(text: string, bits: 32 | 64): string | undefined {
  const parsed = parseInteger(text, bits);
  return typeof parsed === 'string' ? parsed : undefined;
}

function integerTransformer(bits: 32 | 64, typeName: string): ColumnTransformer {
  const notAnInteger = new TransformError(`not ${typeName === 'int' ? 'an' : 'a'} ${typeName}`);
  const outOfRange = new TransformError(`out of range for ${typeName}`);
  return (input) => {
    let text: string;
    if (input instanceof JsonNumber) text = input.text;
    else if (typeof input === 'string') text = input;
    else return notAnInteger;
    const parsed = parseInteger(text, bits);
    if (typeof parsed === 'string') return parsed;
    return parsed === RANGE ? outOfRange : notAnInteger;
  };
}

export const intTransformer = integerTransformer(32, 'int');
export const bigintTransformer = integerTransformer(64, 'bigint');
