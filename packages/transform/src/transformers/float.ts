/**
 * `float`: Go's ParseFloat on the number literal or the string; NaN → empty value (no error),
 * |x| < 1e-299 → 0, ±Inf → `+Inf`/`-Inf`, otherwise strconv.FormatFloat(x, 'f', -1, 64).
 */
import { JsonNumber } from '@spade/events';
import { goParseFloatDetailed } from './goParseFloat';
import { ColumnTransformer, TransformError } from './types';

/** The original's FloatLowerBound (10e-300): smaller magnitudes are written as 0. */
const FLOAT_LOWER_BOUND = 1e-299;

/**
 * Go's FormatFloat(x, 'f', -1, 64): the shortest digits that round-trip (what String(x) picks),
 * written in fixed notation.
 */
export function formatGoFloat(x: number): string {
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (Number.isNaN(x)) return 'NaN';
  const shortest = String(x);
  const e = shortest.indexOf('e');
  if (e < 0) return Object.is(x, -0) ? '-0' : shortest;
  const negative = x < 0;
  const mantissa = shortest.slice(negative ? 1 : 0, e);
  const exponent = Number(shortest.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const pointAt = (dot < 0 ? mantissa.length : dot) + exponent; // digits before the decimal point
  let fixed: string;
  if (pointAt <= 0) fixed = '0.' + '0'.repeat(-pointAt) + digits;
  else if (pointAt >= digits.length) fixed = digits + '0'.repeat(pointAt - digits.length);
  else fixed = digits.slice(0, pointAt) + '.' + digits.slice(pointAt);
  return negative ? '-' + fixed : fixed;
}

const NOT_A_FLOAT = new TransformError('not a float');
const OUT_OF_RANGE = new TransformError('out of range for float');

export const floatTransformer: ColumnTransformer = (input) => {
  let text: string;
  if (input instanceof JsonNumber) text = input.text;
  else if (typeof input === 'string') text = input;
  else return NOT_A_FLOAT;
  const parsed = goParseFloatDetailed(text);
  if (typeof parsed !== 'number') return parsed === 'range' ? OUT_OF_RANGE : NOT_A_FLOAT;
  if (Number.isNaN(parsed)) return '';
  const value = parsed > -FLOAT_LOWER_BOUND && parsed < FLOAT_LOWER_BOUND ? 0 : parsed;
  return formatGoFloat(value);
};
