/**
 * Go's time.ParseInLocation(layout, value, America/Los_Angeles) followed by Format in the parsed
 * time's zone, reduced to what reaches the output: the wall-clock time that Go would print. The
 * parse loop mirrors time/format.go of Go 1.19 token by token, quirks included.
 */
import { daysFromCivil, daysInMonth, isLeapYear } from './civil';
import { compileLayout, LayoutChunk, Std } from './goLayoutTokens';
import { goAtoi, isCommaOrPeriod, isDigit, lookupName, skipPrefix, timeZoneLength } from './goParsePrimitives';
import { pacificInstantOfWall, pacificOffset } from './pacific';

export { compileLayout, LayoutChunk };

/** The wall-clock time Go prints for a parsed value. */
export interface ParsedWallClock {
  /** Seconds of the wall clock read as UTC (seconds since 1970-01-01 00:00 wall time). */
  wallSeconds: number;
  nanos: number;
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/** Offsets of the zone abbreviations in the Los Angeles tz data (Go's Location.lookupName). */
const PACIFIC_ZONE_NAMES: ReadonlyMap<string, number> = new Map([
  ['PST', -28800], ['PDT', -25200], ['PWT', -25200], ['PPT', -25200], ['LMT', -28378],
]);

/** Mutable parse state of one value, named after Go's locals. */
class ParseState {
  year = 0;
  month = -1;
  day = -1;
  yday = -1;
  hour = 0;
  min = 0;
  sec = 0;
  nsec = 0;
  utc = false;
  zoneOffset = -1;
  zoneName = '';
  amSet = false;
  pmSet = false;
  rangeError = false;
  bad = false;
  constructor(public value: string) {}

  /** Go's getnum (1 or 2 digits; `fixed` demands 2). Leaves the value as is on error. */
  getnum(fixed: boolean): number {
    const v = this.value;
    if (!isDigit(v, 0)) return this.fail();
    if (!isDigit(v, 1)) {
      if (fixed) return this.fail();
      this.value = v.slice(1);
      return v.charCodeAt(0) - 0x30;
    }
    this.value = v.slice(2);
    return (v.charCodeAt(0) - 0x30) * 10 + (v.charCodeAt(1) - 0x30);
  }

  /** Go's getnum3 (1 to 3 digits; `fixed` demands 3). */
  getnum3(fixed: boolean): number {
    const v = this.value;
    let n = 0;
    let i = 0;
    for (; i < 3 && isDigit(v, i); i++) n = n * 10 + (v.charCodeAt(i) - 0x30);
    if (i === 0 || (fixed && i !== 3)) return this.fail();
    this.value = v.slice(i);
    return n;
  }

  fail(): number {
    this.bad = true;
    return 0;
  }

  /** Go's parseNanoseconds over the first `length` characters (separator included). */
  nanoseconds(length: number): number {
    this.bad = false; // Go assigns err here, overwriting an earlier getnum error
    if (!isCommaOrPeriod(this.value, 0)) return this.fail();
    const digits = this.value.slice(1, Math.min(length, 10));
    const ns = goAtoi(digits);
    if (ns === undefined) return this.fail();
    if (ns < 0) {
      this.rangeError = true;
      return 0;
    }
    return ns * 10 ** (10 - Math.min(length, 10));
  }
}

function parseToken(state: ParseState, chunk: LayoutChunk): void {
  const std = chunk.std;
  switch (std) {
    case Std.Year: {
      if (state.value.length < 2) return void state.fail();
      const year = goAtoi(state.value.slice(0, 2));
      if (year === undefined) return void state.fail();
      state.value = state.value.slice(2);
      state.year = year >= 69 ? year + 1900 : year + 2000;
      return;
    }
    case Std.LongYear: {
      if (state.value.length < 4 || !isDigit(state.value, 0)) return void state.fail();
      const year = goAtoi(state.value.slice(0, 4));
      state.value = state.value.slice(4);
      if (year === undefined) return void state.fail();
      state.year = year;
      return;
    }
    case Std.Month:
    case Std.LongMonth: {
      const names = std === Std.Month ? SHORT_MONTHS : LONG_MONTHS;
      const index = lookupName(names, state.value);
      if (index < 0) return void state.fail();
      state.value = state.value.slice(names[index].length);
      state.month = index + 1;
      return;
    }
    case Std.NumMonth:
    case Std.ZeroMonth:
      state.month = state.getnum(std === Std.ZeroMonth);
      if (!state.bad && (state.month <= 0 || state.month > 12)) state.rangeError = true;
      return;
    case Std.WeekDay:
    case Std.LongWeekDay: {
      const names = std === Std.WeekDay ? SHORT_DAYS : LONG_DAYS;
      const index = lookupName(names, state.value);
      if (index < 0) return void state.fail();
      state.value = state.value.slice(names[index].length);
      return;
    }
    case Std.Day:
    case Std.UnderDay:
    case Std.ZeroDay:
      if (std === Std.UnderDay && state.value[0] === ' ') state.value = state.value.slice(1);
      state.day = state.getnum(std === Std.ZeroDay);
      return;
    case Std.UnderYearDay:
    case Std.ZeroYearDay:
      for (let i = 0; i < 2; i++) {
        if (std === Std.UnderYearDay && state.value[0] === ' ') state.value = state.value.slice(1);
      }
      state.yday = state.getnum3(std === Std.ZeroYearDay);
      return;
    case Std.Hour:
      state.hour = state.getnum(false);
      if (state.hour >= 24) state.rangeError = true;
      return;
    case Std.Hour12:
    case Std.ZeroHour12:
      state.hour = state.getnum(std === Std.ZeroHour12);
      if (state.hour > 12) state.rangeError = true;
      return;
    case Std.Minute:
    case Std.ZeroMinute:
      state.min = state.getnum(std === Std.ZeroMinute);
      if (state.min >= 60) state.rangeError = true;
      return;
    case Std.Second:
    case Std.ZeroSecond:
      return parseSeconds(state, chunk);
    case Std.PM:
    case Std.pm: {
      if (state.value.length < 2) return void state.fail();
      const marker = state.value.slice(0, 2);
      state.value = state.value.slice(2);
      if (marker === (std === Std.PM ? 'PM' : 'pm')) state.pmSet = true;
      else if (marker === (std === Std.PM ? 'AM' : 'am')) state.amSet = true;
      else state.fail();
      return;
    }
    case Std.TZ:
      return parseZoneName(state);
    case Std.FracSecond0: {
      const length = 1 + chunk.fracDigits;
      if (state.value.length < length) return void state.fail();
      state.nsec = state.nanoseconds(length);
      state.value = state.value.slice(length);
      return;
    }
    case Std.FracSecond9: {
      const v = state.value;
      if (v.length < 2 || !isCommaOrPeriod(v, 0) || !isDigit(v, 1)) return; // fraction omitted
      let i = 0;
      while (i < 9 && i + 1 < v.length && isDigit(v, i + 1)) i++;
      state.nsec = state.nanoseconds(1 + i);
      state.value = v.slice(1 + i);
      return;
    }
    default:
      return parseZoneOffset(state, std);
  }
}

function parseSeconds(state: ParseState, chunk: LayoutChunk): void {
  state.sec = state.getnum(chunk.std === Std.ZeroSecond);
  if (state.sec >= 60) {
    state.rangeError = true;
    return;
  }
  // A fraction in the value but not in the layout is accepted (Go's special case).
  const v = state.value;
  if (v.length >= 2 && isCommaOrPeriod(v, 0) && isDigit(v, 1) && !chunk.fracFollows) {
    let n = 2;
    while (n < v.length && isDigit(v, n)) n++;
    state.nsec = state.nanoseconds(n);
    state.value = v.slice(n);
  }
}

function parseZoneName(state: ParseState): void {
  if (state.value.startsWith('UTC')) {
    state.utc = true;
    state.value = state.value.slice(3);
    return;
  }
  const length = timeZoneLength(state.value);
  if (length === 0) return void state.fail();
  state.zoneName = state.value.slice(0, length);
  state.value = state.value.slice(length);
}

/** Numeric zone tokens: `Z` may stand for UTC in Z0700, Z07 and Z07:00. */
function parseZoneOffset(state: ParseState, std: Std): void {
  const v = state.value;
  if ((std === Std.ISO8601TZ || std === Std.ISO8601ShortTZ || std === Std.ISO8601ColonTZ) && v[0] === 'Z') {
    state.value = v.slice(1);
    state.utc = true;
    return;
  }
  let hour: string;
  let minute = '00';
  let seconds = '00';
  let length: number;
  if (std === Std.ISO8601ColonTZ || std === Std.NumColonTZ) {
    if (v.length < 6 || v[3] !== ':') return void state.fail();
    [hour, minute, length] = [v.slice(1, 3), v.slice(4, 6), 6];
  } else if (std === Std.NumShortTZ || std === Std.ISO8601ShortTZ) {
    if (v.length < 3) return void state.fail();
    [hour, length] = [v.slice(1, 3), 3];
  } else if (std === Std.ISO8601ColonSecondsTZ || std === Std.NumColonSecondsTZ) {
    if (v.length < 9 || v[3] !== ':' || v[6] !== ':') return void state.fail();
    [hour, minute, seconds, length] = [v.slice(1, 3), v.slice(4, 6), v.slice(7, 9), 9];
  } else if (std === Std.ISO8601SecondsTZ || std === Std.NumSecondsTz) {
    if (v.length < 7) return void state.fail();
    [hour, minute, seconds, length] = [v.slice(1, 3), v.slice(3, 5), v.slice(5, 7), 7];
  } else {
    if (v.length < 5) return void state.fail();
    [hour, minute, length] = [v.slice(1, 3), v.slice(3, 5), 5];
  }
  state.value = v.slice(length);
  const hh = goAtoi(hour);
  const mm = hh === undefined ? undefined : goAtoi(minute);
  const ss = mm === undefined ? undefined : goAtoi(seconds);
  const offset = ((hh ?? 0) * 60 + (mm ?? 0)) * 60 + (ss ?? 0);
  if (ss === undefined) state.fail();
  if (v[0] === '+') state.zoneOffset = offset;
  else if (v[0] === '-') state.zoneOffset = -offset;
  else state.fail();
}

/** Go's day-of-year resolution; false when the year day contradicts or is out of range. */
function resolveYearDay(state: ParseState): boolean {
  let yday = state.yday;
  let month = 0;
  let day = 0;
  if (isLeapYear(state.year)) {
    if (yday === 31 + 29) {
      month = 2;
      day = 29;
    } else if (yday > 31 + 29) {
      yday--;
    }
  }
  if (yday < 1 || yday > 365) return false;
  if (month === 0) {
    month = Math.floor((yday - 1) / 31) + 1;
    if (DAYS_BEFORE[month] < yday) month++;
    day = yday - DAYS_BEFORE[month - 1];
  }
  if (state.month >= 0 && state.month !== month) return false;
  if (state.day >= 0 && state.day !== day) return false;
  state.month = month;
  state.day = day;
  return true;
}

/** The wall time Go prints after parsing, per the zone information the value carried. */
function wallClockOf(state: ParseState): number {
  const civil = daysFromCivil(state.year, state.month, state.day) * 86400 + state.hour * 3600 + state.min * 60 + state.sec;
  // UTC, or a numeric offset: Go formats in that zone (or in Pacific time when the offset matches
  // it), so the printed wall time is the parsed one.
  if (state.utc || state.zoneOffset !== -1) return civil;
  if (state.zoneName !== '') {
    const offset = PACIFIC_ZONE_NAMES.get(state.zoneName);
    if (offset === undefined) {
      // Unknown abbreviation: Go keeps the wall time read as UTC and prints it in a fabricated
      // zone whose offset is 0, or N hours for `GMT±N`.
      const gmtHours = state.zoneName.length > 3 && state.zoneName.startsWith('GMT') ? goAtoi(state.zoneName.slice(3)) ?? 0 : 0;
      return civil + gmtHours * 3600;
    }
    const instant = civil - offset;
    return instant + pacificOffset(instant);
  }
  const instant = pacificInstantOfWall(civil);
  return instant + pacificOffset(instant);
}

/** Parses `value` with a compiled Go layout in America/Los_Angeles; undefined when Go would fail. */
export function parseGoLayout(chunks: readonly LayoutChunk[], value: string): ParsedWallClock | undefined {
  const state = new ParseState(value);
  for (const chunk of chunks) {
    const rest = skipPrefix(state.value, chunk.prefix);
    if (rest === undefined) return undefined;
    state.value = rest;
    if (chunk.std === Std.None) {
      if (rest.length !== 0) return undefined;
      break;
    }
    parseToken(state, chunk);
    if (state.rangeError || state.bad) return undefined;
  }
  if (state.pmSet && state.hour < 12) state.hour += 12;
  else if (state.amSet && state.hour === 12) state.hour = 0;
  if (state.yday >= 0) {
    if (!resolveYearDay(state)) return undefined;
  } else {
    if (state.month < 0) state.month = 1;
    if (state.day < 0) state.day = 1;
  }
  if (state.day < 1 || state.day > daysInMonth(state.month, state.year)) return undefined;
  return { wallSeconds: wallClockOf(state), nanos: state.nsec };
}
