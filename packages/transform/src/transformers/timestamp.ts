/**
 * `f@timestamp@unix`, `f@timestamp@unix-utc` and `f@timestamp@<Go layout>`, written as Go's
 * `2006-01-02 15:04:05.999` (milliseconds truncated, trailing zeros trimmed).
 */
import { JsonNumber } from '@spade/events';
import { formatWallClock } from '../time/civil';
import { compileLayout, parseGoLayout } from '../time/goLayout';
import { pacificOffset } from '../time/pacific';
import { goParseFloat } from './goParseFloat';
import { ColumnTransformer, TransformError } from './types';

/** Accepted whole seconds: from 2001-09-09 to the last date with a four-digit year (2386). */
const MIN_UNIX_SECONDS = 1_000_000_000;
const MAX_UNIX_SECONDS = 13_140_000_000;

const NOT_A_UNIX_TIME = new TransformError('not a unix timestamp (a number is required)');
const UNIX_OUT_OF_RANGE = new TransformError('unix timestamp out of range [1000000000, 13140000000]');
const NOT_A_STRING = new TransformError('not a string');

function unixTransformer(offsetAt: (unixSeconds: number) => number): ColumnTransformer {
  return (input) => {
    if (!(input instanceof JsonNumber)) return NOT_A_UNIX_TIME;
    const value = goParseFloat(input.text);
    if (value === undefined) return NOT_A_UNIX_TIME;
    // float64 arithmetic as in the original: 1509872400.3 keeps .299, not .3.
    let seconds = Math.trunc(value);
    if (seconds < MIN_UNIX_SECONDS || seconds > MAX_UNIX_SECONDS) return UNIX_OUT_OF_RANGE;
    let nanos = Math.trunc((value - seconds) * 1e9);
    if (nanos >= 1e9) {
      seconds += 1;
      nanos -= 1e9;
    }
    return formatWallClock(seconds + offsetAt(seconds), Math.floor(nanos / 1e6));
  };
}

export const unixPacificTransformer = unixTransformer(pacificOffset);
export const unixUtcTransformer = unixTransformer(() => 0);

/** A string parsed with a Go reference layout in America/Los_Angeles and reformatted. */
export function layoutTransformer(layout: string): ColumnTransformer {
  const chunks = compileLayout(layout);
  const cannotParse = new TransformError(`cannot parse as Go time layout ${JSON.stringify(layout)}`);
  return (input) => {
    if (typeof input !== 'string') return NOT_A_STRING;
    const parsed = parseGoLayout(chunks, input);
    if (!parsed) return cannotParse;
    return formatWallClock(parsed.wallSeconds, Math.floor(parsed.nanos / 1e6));
  };
}
