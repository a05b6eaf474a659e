import { gunzipSync } from 'node:zlib';
import { loadTableConfig, type Table } from '@spade/transform';
import { sampleLogBody, sampleLogKey, seedSampleLogs, type SampleLogPlan } from '@spade/samples';

const TABLES: Table[] = [
  ...loadTableConfig(
    JSON.stringify([
      {
        EventName: 'login',
        Columns: [
          { InboundName: 'distinct_id', OutboundName: 'distinct_id', Transformer: 'varchar', ColumnCreationOptions: '(64)' },
          { InboundName: 'time', OutboundName: 'time', Transformer: 'f@timestamp@unix', ColumnCreationOptions: '' },
        ],
      },
      {
        EventName: 'play',
        Columns: [{ InboundName: 'count', OutboundName: 'count', Transformer: 'int', ColumnCreationOptions: '' }],
      },
    ]),
    'inline',
  ).tables.values(),
];

const DAY = new Date('2026-03-04T23:59:59Z');
const PLAN: SampleLogPlan = { prefix: 'edge/', fileLines: [5, 3, 2], seed: 7, date: DAY };

function linesOf(body: Buffer, gzip: boolean): string[] {
  const text = (gzip ? gunzipSync(body) : body).toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('sampleLogKey', () => {
  it.each([
    [0, 'edge/2026/03/04/sample-7-0.log'],
    [1, 'edge/2026/03/04/sample-7-1.log.gz'],
    [2, 'edge/2026/03/04/sample-7-2.log'],
    [3, 'edge/2026/03/04/sample-7-3.log.gz'],
  ])('file %i is %s', (index, key) => {
    expect(sampleLogKey(PLAN, index)).toBe(key);
  });

  it('uses the given name stem and prefix', () => {
    expect(sampleLogKey({ ...PLAN, prefix: 'in/logs/', name: 'sample' }, 1)).toBe('in/logs/2026/03/04/sample-1.log.gz');
  });
});

describe('sampleLogBody', () => {
  it('holds the planned number of JSON edge lines, gzip at odd positions', () => {
    expect(linesOf(sampleLogBody(TABLES, PLAN, 0), false)).toHaveLength(5);
    expect(linesOf(sampleLogBody(TABLES, PLAN, 1), true)).toHaveLength(3);
    expect(linesOf(sampleLogBody(TABLES, PLAN, 2), false)).toHaveLength(2);
  });

  it('is the same for the same seed and different for another', () => {
    const body = sampleLogBody(TABLES, PLAN, 0);
    expect(sampleLogBody(TABLES, PLAN, 0).equals(body)).toBe(true);
    expect(sampleLogBody(TABLES, { ...PLAN, seed: 8 }, 0).equals(body)).toBe(false);
  });

  it('generates file i with seed + i (file 1 of seed 7 is file 0 of seed 8)', () => {
    const second = linesOf(sampleLogBody(TABLES, { ...PLAN, fileLines: [5, 5] }, 1), true);
    const first = linesOf(sampleLogBody(TABLES, { ...PLAN, seed: 8, fileLines: [5] }, 0), false);
    expect(second).toEqual(first);
  });

  it('is empty for a file of no lines', () => {
    expect(sampleLogBody(TABLES, { ...PLAN, fileLines: [0] }, 0).length).toBe(0);
  });
});

describe('seedSampleLogs', () => {
  it('puts every planned file in order and reports what it wrote', async () => {
    const puts: Array<[string, number]> = [];
    const seeded = await seedSampleLogs(TABLES, PLAN, async (key, body) => {
      puts.push([key, body.length]);
    });
    expect(puts.map(([key]) => key)).toEqual([
      'edge/2026/03/04/sample-7-0.log',
      'edge/2026/03/04/sample-7-1.log.gz',
      'edge/2026/03/04/sample-7-2.log',
    ]);
    expect(seeded.map(({ key, lines, gzip }) => ({ key, lines, gzip }))).toEqual([
      { key: 'edge/2026/03/04/sample-7-0.log', lines: 5, gzip: false },
      { key: 'edge/2026/03/04/sample-7-1.log.gz', lines: 3, gzip: true },
      { key: 'edge/2026/03/04/sample-7-2.log', lines: 2, gzip: false },
    ]);
    expect(seeded.map((file) => file.bytes)).toEqual(puts.map(([, bytes]) => bytes));
  });

  it('stops at the first failed put', async () => {
    const keys: string[] = [];
    const put = async (key: string): Promise<void> => {
      keys.push(key);
      if (keys.length === 2) throw new Error('NoSuchBucket');
    };
    await expect(seedSampleLogs(TABLES, PLAN, put)).rejects.toThrow('NoSuchBucket');
    expect(keys).toHaveLength(2);
  });
});
