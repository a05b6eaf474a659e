/** `varchar`, `bool` and `stringToIntegerMD5`. */
import { createHash } from 'crypto';
import { JsonNumber } from '@spade/events';
import { ColumnTransformer, TransformError } from './types';

const NOT_A_STRING = new TransformError('not a string');
const NOT_A_BOOL = new TransformError('not a bool');

/** Strings only, as they are (no length check: the warehouse's column width decides). */
export const varcharTransformer: ColumnTransformer = (input) => (typeof input === 'string' ? input : NOT_A_STRING);

/** JSON true/false, or a number literal exactly `1` / `0`; strings such as `"true"` fail. */
export const boolTransformer: ColumnTransformer = (input) => {
  if (input === true) return 'true';
  if (input === false) return 'false';
  if (input instanceof JsonNumber) {
    if (input.text === '1') return 'true';
    if (input.text === '0') return 'false';
  }
  return NOT_A_BOOL;
};

/** The first 8 hex digits of MD5(UTF-8 of the string) as an unsigned decimal (`asd` → 2014669166). */
export const stringToIntegerMD5Transformer: ColumnTransformer = (input) => {
  if (typeof input !== 'string') return NOT_A_STRING;
  const digest = createHash('md5').update(input, 'utf8').digest();
  return String(digest.readUInt32BE(0));
};
