/**
 * UTC offsets of America/Los_Angeles, as Go's time package applies them. From 1987 on the US DST
 * rules are computed (no Intl per event); earlier instants (only reachable through Go-layout
 * timestamps) ask Intl and cache the answer per UTC hour.
 */
import { daysFromCivil, yearOfDays } from './civil';

const PST = -8 * 3600;
const PDT = -7 * 3600;
/** Local mean time of Los Angeles (-7:52:58), in force until 1883-11-18 20:00 UTC. */
const LMT = -(7 * 3600 + 52 * 60 + 58);
const LMT_END = Date.UTC(1883, 10, 18, 20) / 1000;
const RULES_START = Date.UTC(1987, 0, 1) / 1000;
const DAY = 86400;

/** Day count of the first Sunday on or after the given day (1970-01-01 was a Thursday). */
function sundayOnOrAfter(days: number): number {
  const dayOfWeek = (((days + 4) % 7) + 7) % 7;
  return days + ((7 - dayOfWeek) % 7);
}

/** DST bounds of one year as UTC seconds: [start, end). Transitions are at 02:00 local time. */
function dstBounds(year: number): [number, number] {
  if (year >= 2007) {
    // Second Sunday of March to first Sunday of November.
    return [
      sundayOnOrAfter(daysFromCivil(year, 3, 8)) * DAY + 2 * 3600 - PST,
      sundayOnOrAfter(daysFromCivil(year, 11, 1)) * DAY + 2 * 3600 - PDT,
    ];
  }
  // 1987–2006: first Sunday of April to last Sunday of October.
  return [
    sundayOnOrAfter(daysFromCivil(year, 4, 1)) * DAY + 2 * 3600 - PST,
    sundayOnOrAfter(daysFromCivil(year, 10, 25)) * DAY + 2 * 3600 - PDT,
  ];
}

// The bounds of the year last asked about: consecutive events are close in time.
let cachedYearStart = 0;
let cachedYearEnd = -1;
let cachedDstStart = 0;
let cachedDstEnd = 0;

function ruleOffset(unixSeconds: number): number {
  if (unixSeconds < cachedYearStart || unixSeconds >= cachedYearEnd) {
    const year = yearOfDays(Math.floor(unixSeconds / DAY));
    cachedYearStart = daysFromCivil(year, 1, 1) * DAY;
    cachedYearEnd = daysFromCivil(year + 1, 1, 1) * DAY;
    [cachedDstStart, cachedDstEnd] = dstBounds(year);
  }
  return unixSeconds >= cachedDstStart && unixSeconds < cachedDstEnd ? PDT : PST;
}

const MAX_HISTORIC_CACHE = 10000;
/** UTC hour → offset for the whole hour, or NaN when a transition falls inside it. */
const historicOffsets = new Map<number, number>();
let historicFormatter: Intl.DateTimeFormat | undefined;

/** Offset at one instant from Intl's tz data. */
function intlOffset(unixSeconds: number): number {
  historicFormatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles', hourCycle: 'h23',
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const fields: Record<string, number> = {};
  for (const part of historicFormatter.formatToParts(unixSeconds * 1000)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second) / 1000;
  return wall - unixSeconds;
}

/**
 * Offset before 1987, cached per UTC hour. Transitions were not always on the hour (1948-03-14
 * 02:01 local), so an hour whose two ends disagree is resolved per second.
 */
function historicOffset(unixSeconds: number): number {
  const hour = Math.floor(unixSeconds / 3600);
  let offset = historicOffsets.get(hour);
  if (offset === undefined) {
    const atStart = intlOffset(hour * 3600);
    offset = atStart === intlOffset(hour * 3600 + 3599) ? atStart : NaN;
    if (historicOffsets.size >= MAX_HISTORIC_CACHE) historicOffsets.clear();
    historicOffsets.set(hour, offset);
  }
  return Number.isNaN(offset) ? intlOffset(unixSeconds) : offset;
}

/** Offset from UTC in seconds (negative) of Pacific time at a Unix instant in whole seconds. */
export function pacificOffset(unixSeconds: number): number {
  if (unixSeconds >= RULES_START) return ruleOffset(unixSeconds);
  if (unixSeconds < LMT_END) return LMT;
  return historicOffset(unixSeconds);
}

/**
 * The Unix instant of a Pacific wall-clock time (given as seconds of the wall clock read as UTC),
 * as Go's time.Date resolves it: look the offset up at the wall time taken as UTC, then again at
 * the instant that offset gives. A wall time in the spring-forward gap thus lands one hour early
 * (2017-03-12 02:30 → 01:30 PST); in the fall-back overlap it picks the daylight-time instant.
 */
export function pacificInstantOfWall(wallSeconds: number): number {
  return wallSeconds - pacificOffset(wallSeconds - pacificOffset(wallSeconds));
}
