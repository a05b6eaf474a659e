/** The pipeline page's figures: reason classes, tallies, per-minute series, charts and formats. */
import { reasonClass, Tally } from '../src/pipeline/tally';
import { sinkRecordKey } from '../src/pipeline/sinkDigest';
import { minuteBarChart, minuteSeries } from '../src/views/chart';
import { formatAge, formatCount } from '../src/views/format';

describe('reasonClass', () => {
  it.each([
    ['data: illegal base64 data at input byte 12', 'data: illegal base64 data at input byte N'],
    ['line is 17000000 bytes, over the 16777216-byte limit', 'line is N bytes, over the N-byte limit'],
    ['column "utf8_name": value 3.5 out of range', 'column "utf8_name": value N.N out of range'],
    ['empty line', 'empty line'],
  ])('%j → %j', (reason, cls) => {
    expect(reasonClass(reason)).toBe(cls);
  });
});

describe('Tally', () => {
  it('lists the most frequent values first, ties by value, up to the limit', () => {
    const tally = new Tally();
    for (const value of ['b', 'a', 'c', 'b', 'a', 'b', 'd']) tally.add(value);
    expect(tally.top(3)).toEqual([
      { value: 'b', count: 3 },
      { value: 'a', count: 2 },
      { value: 'c', count: 1 },
    ]);
    expect(tally.total).toBe(7);
  });
});

describe('sinkRecordKey', () => {
  it.each([
    ['rejects', { status: 'malformed', reason: 'bad byte 9' }, 'malformed: bad byte N'],
    ['rejects', { status: 'empty', reason: '' }, 'empty'],
    ['rejects', { reason: 'x' }, 'rejected: x'],
    ['nontracked', { event: 'pageview' }, 'pageview'],
    ['nontracked', { event: 7 }, '(no event name)'],
    ['rejects', null, '(unreadable record)'],
  ] as const)('%s %j counts as %j', (kind, record, key) => {
    expect(sinkRecordKey(kind, record)).toBe(key);
  });
});

describe('minuteSeries', () => {
  const from = new Date('2026-11-26T12:00:00Z');

  it('puts each minute in its slot, adds tables together and leaves quiet minutes at 0', () => {
    const points = [
      { minute: new Date('2026-11-26T12:00:00Z'), rows: 5 },
      { minute: new Date('2026-11-26T12:02:00Z'), rows: 7 },
      { minute: new Date('2026-11-26T12:02:00Z'), rows: 1 },
      { minute: new Date('2026-11-26T11:59:00Z'), rows: 100 },
      { minute: new Date('2026-11-26T12:04:00Z'), rows: 100 },
    ];
    expect(minuteSeries(points, from, 4)).toEqual([5, 0, 8, 0]);
  });
});

describe('minuteBarChart', () => {
  it('draws one bar per minute with its count as tooltip, tallest at full height', () => {
    const svg = minuteBarChart([2, 0, 4], new Date('2026-11-26T12:00:00Z'), { width: 30, height: 12, labels: false, title: 'rows <all>' }).text;
    expect(svg).toBe(
      '<svg class="chart" role="img" aria-label="rows &lt;all&gt;" width="30" height="12" viewBox="0 0 30 12">' +
        '<rect x="0.5" y="6.0" width="9.0" height="5.0"><title>12:00 UTC: 2 rows</title></rect>' +
        '<rect x="10.5" y="11.0" width="9.0" height="0.0"><title>12:01 UTC: 0 rows</title></rect>' +
        '<rect x="20.5" y="1.0" width="9.0" height="10.0"><title>12:02 UTC: 4 rows</title></rect></svg>',
    );
  });
});

describe('formats', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
    [-4200, '-4,200'],
  ])('formatCount(%d) = %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [200_000, '3 min 20 s'],
    [3_600_000, '1 h'],
    [7_500_000, '2 h 5 min'],
    [273_600_000, '3 d 4 h'],
  ])('formatAge(%d) = %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});
