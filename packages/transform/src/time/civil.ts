/** Proleptic-Gregorian calendar arithmetic on whole seconds, and the Redshift datetime text. */

const SECONDS_PER_DAY = 86400;

/** "00".."99", so formatting pads without allocating per field. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, n) => (n < 10 ? '0' : '') + n);

/** Days since 1970-01-01 of a civil date (month 1–12). Valid for any year. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(month: number, year: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** The civil year of a day count (days since 1970-01-01). */
export function yearOfDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  return yearOfEra + era * 400 + (monthFromMarch >= 10 ? 1 : 0);
}

/** Go's appendInt(year, 4): at least four digits, a leading `-` for negative years. */
function formatYear(year: number): string {
  const magnitude = Math.abs(year);
  const digits = magnitude >= 1000 ? String(magnitude) : ('000' + magnitude).slice(-4);
  return year < 0 ? '-' + digits : digits;
}

/** Milliseconds as Go's `.999` prints them: `.` and 1–3 digits, trailing zeros dropped; nothing for 0. */
function formatMillis(millis: number): string {
  if (millis === 0) return '';
  if (millis % 100 === 0) return '.' + millis / 100;
  if (millis % 10 === 0) return '.' + TWO_DIGITS[millis / 10];
  return '.' + (millis < 10 ? '00' : millis < 100 ? '0' : '') + millis;
}

/**
 * Formats wall-clock seconds (seconds since 1970-01-01 00:00 of the wall clock, any zone) as Go's
 * `2006-01-02 15:04:05.999`. `millis` must be an integer in [0, 999].
 */
export function formatWallClock(wallSeconds: number, millis: number): string {
  const days = Math.floor(wallSeconds / SECONDS_PER_DAY);
  const secondOfDay = wallSeconds - days * SECONDS_PER_DAY;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay - hour * 3600) / 60);
  const second = secondOfDay - hour * 3600 - minute * 60;
  return (
    formatYear(year) + '-' + TWO_DIGITS[month] + '-' + TWO_DIGITS[day] + ' ' +
    TWO_DIGITS[hour] + ':' + TWO_DIGITS[minute] + ':' + TWO_DIGITS[second] + formatMillis(millis)
  );
}
