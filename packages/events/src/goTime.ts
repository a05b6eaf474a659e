/**
 * `receivedAt` decoding as the original did it: Go 1.19's `time.Time.UnmarshalJSON`, which runs
 * `time.Parse("\"2006-01-02T15:04:05Z07:00\"", rawToken)` on the raw JSON token (quotes included,
 * escapes NOT decoded), then `Unix()`. Only whole seconds are kept. Go's parser is more lenient than
 * RFC 3339 in places that matter for conformance: the hour may have one digit, the fraction may use
 * `,` and have any number of digits, the zone offset is not range-checked and its two-character hour
 * and minute fields may carry a sign (`+-1:00`).
 */

/** Unix seconds of Go's zero time (0001-01-01T00:00:00Z): what a missing `receivedAt` gives. */
export const GO_ZERO_TIME_UNIX = -62135596800;

const DIGIT_0 = 0x30;

function isDigit(buf: Uint8Array, i: number, end: number): boolean {
  return i < end && buf[i] >= DIGIT_0 && buf[i] <= DIGIT_0 + 9;
}

/** Go's `atoi` on a 2-character field: an optional sign, then digits only. */
function signedField(buf: Uint8Array, i: number): number | null {
  let k = i;
  let negative = false;
  if (buf[k] === 0x2b || buf[k] === 0x2d) {
    negative = buf[k] === 0x2d;
    k++;
  }
  let value = 0;
  for (; k < i + 2; k++) {
    if (buf[k] < DIGIT_0 || buf[k] > DIGIT_0 + 9) return null;
    value = value * 10 + buf[k] - DIGIT_0;
  }
  return negative ? -value : value;
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of a proleptic Gregorian date (year ≥ 0). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Two digits at `p` (Go's getnum with fixed=true), or -1. */
function twoDigits(buf: Uint8Array, p: number, end: number): number {
  if (!isDigit(buf, p, end) || !isDigit(buf, p + 1, end)) return -1;
  return (buf[p] - DIGIT_0) * 10 + buf[p + 1] - DIGIT_0;
}

/** The zone offset at `p` (`Z` or `±hh:mm`, Go's lenient reading), in seconds. */
function zoneOffset(buf: Uint8Array, p: number, end: number): number | null {
  if (p < end && buf[p] === 0x5a) return 0;
  if (end - p < 6 || buf[p + 3] !== 0x3a) return null;
  const sign = buf[p];
  const hours = signedField(buf, p + 1);
  const minutes = signedField(buf, p + 4);
  if (hours === null || minutes === null || (sign !== 0x2b && sign !== 0x2d)) return null;
  return (hours * 60 + minutes) * 60 * (sign === 0x2d ? -1 : 1);
}

/**
 * Parse the raw JSON token `buf[start, end)` (e.g. `"2013-10-17T18:05:55.338Z"` with its quotes) as Go
 * does; returns Unix seconds, or null when Go's parser rejects it.
 */
export function parseGoRfc3339Token(buf: Uint8Array, start: number, end: number): number | null {
  // Fixed part: "YYYY-MM-DDT (quote, 4-digit year, two-digit month and day).
  let p = start;
  if (end - p < 12 || buf[p] !== 0x22) return null;
  for (let k = 1; k <= 4; k++) if (!isDigit(buf, p + k, end)) return null;
  const year = (buf[p + 1] - DIGIT_0) * 1000 + (buf[p + 2] - DIGIT_0) * 100 + (buf[p + 3] - DIGIT_0) * 10 + buf[p + 4] - DIGIT_0;
  const month = twoDigits(buf, p + 6, end);
  const day = twoDigits(buf, p + 9, end);
  if (buf[p + 5] !== 0x2d || buf[p + 8] !== 0x2d || buf[p + 11] !== 0x54) return null;
  if (month < 1 || month > 12 || day < 0) return null;
  p += 12;
  // Hour: one or two digits (Go's getnum with fixed=false).
  if (!isDigit(buf, p, end)) return null;
  let hour = buf[p++] - DIGIT_0;
  if (isDigit(buf, p, end)) hour = hour * 10 + buf[p++] - DIGIT_0;
  if (hour > 23 || p >= end || buf[p] !== 0x3a) return null;
  const minute = twoDigits(buf, p + 1, end);
  if (minute < 0 || minute > 59 || p + 3 >= end || buf[p + 3] !== 0x3a) return null;
  let second = twoDigits(buf, p + 4, end);
  p += 4;
  const fraction = p < end && (buf[p] === 0x2e || buf[p] === 0x2c) && isDigit(buf, p + 1, end);
  if (second > 59) return null;
  if (second >= 0) p += 2;
  else if (fraction) second = 0; // Go 1.19 bug: a fraction right after the colon hides the missing seconds
  else return null;
  // A fraction ('.' or ',' then digits) is accepted and dropped: only Unix() seconds are used.
  if (p + 1 < end && (buf[p] === 0x2e || buf[p] === 0x2c) && isDigit(buf, p + 1, end)) {
    p += 2;
    while (isDigit(buf, p, end)) p++;
  }
  const offset = zoneOffset(buf, p, end);
  if (offset === null) return null;
  p += buf[p] === 0x5a ? 1 : 6;
  if (p !== end - 1 || buf[p] !== 0x22) return null;
  const monthDays = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > monthDays) return null;
  return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
}
