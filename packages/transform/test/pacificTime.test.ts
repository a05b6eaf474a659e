import { pacificInstantOfWall, pacificOffset } from '@spade/transform';

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', timeZoneName: 'longOffset' });

/** Intl's offset in seconds (`GMT-07:00` → -25200). */
function intlOffset(unixSeconds: number): number {
  const name = offsetFormat.formatToParts(unixSeconds * 1000).find((part) => part.type === 'timeZoneName')!.value;
  const match = /^GMT([+-])(\d\d):(\d\d)$/.exec(name)!;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
}

/** The first second in (from, to] whose Intl offset differs from the one at `from`. */
function transitionBetween(from: number, to: number): number {
  const before = intlOffset(from);
  let lo = from;
  let hi = to;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (intlOffset(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

describe('pacificOffset', () => {
  it('agrees with Intl every day of 2001–2100 and at every DST transition to the second', () => {
    const mismatches: string[] = [];
    let transitions = 0;
    const check = (t: number) => {
      if (pacificOffset(t) !== intlOffset(t)) mismatches.push(new Date(t * 1000).toISOString());
    };
    let previousNoon = Date.UTC(2000, 11, 31, 12) / 1000;
    for (let noon = previousNoon + 86400; noon < Date.UTC(2101, 0, 1) / 1000; noon += 86400) {
      check(noon);
      if (intlOffset(noon) !== intlOffset(previousNoon)) {
        const transition = transitionBetween(previousNoon, noon);
        transitions++;
        check(transition - 1);
        check(transition);
      }
      previousNoon = noon;
    }
    expect(transitions).toBe(200);
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['2017-03-12T09:59:59Z', -28800], ['2017-03-12T10:00:00Z', -25200],
    ['2017-11-05T08:59:59Z', -25200], ['2017-11-05T09:00:00Z', -28800],
    ['1948-03-14T10:00:59Z', -28800], ['1948-03-14T10:01:00Z', -25200], // the 02:01 transition
    ['1883-11-18T19:59:59Z', -28378], ['1883-11-18T20:00:00Z', -28800], // local mean time until 1883
    ['1850-01-01T00:00:00Z', -28378],
  ])('at %s is %d s', (iso, expected) => {
    expect(pacificOffset(Date.parse(iso) / 1000)).toBe(expected);
  });
});

describe('pacificInstantOfWall (Go time.Date in America/Los_Angeles)', () => {
  const wall = (iso: string) => Date.parse(iso) / 1000;
  it.each([
    ['a plain winter time', '2017-01-15T12:00:00Z', '2017-01-15T20:00:00Z'],
    ['a plain summer time', '2017-07-15T12:00:00Z', '2017-07-15T19:00:00Z'],
    ['02:30 in the spring-forward gap', '2017-03-12T02:30:00Z', '2017-03-12T09:30:00Z'],
    ['01:30 in the fall-back overlap (daylight time)', '2017-11-05T01:30:00Z', '2017-11-05T08:30:00Z'],
  ])('resolves %s', (_name, wallIso, instantIso) => {
    expect(pacificInstantOfWall(wall(wallIso))).toBe(Date.parse(instantIso) / 1000);
  });
});
