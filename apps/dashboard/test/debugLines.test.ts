/**
 * The parse debugger's core: pasted lines through the event core with a table config and the
 * GeoIP test databases, one record per event with its columns and loaded row.
 */
import { join } from 'node:path';
import { loadTableConfig, openGeoIp } from '@spade/transform';
import { debugLines, type ParserTools } from '../src/parse/debugLines';

const GEOIP_DIR = join(__dirname, '..', '..', '..', 'fixtures', 'geoip');

const VISIT = [
  {
    EventName: 'visit',
    Columns: [
      { InboundName: 'ip', OutboundName: 'ip', Transformer: 'varchar', ColumnCreationOptions: '(39)' },
      { InboundName: 'ip', OutboundName: 'city', Transformer: 'ipCity', ColumnCreationOptions: '' },
      { InboundName: 'ip', OutboundName: 'country', Transformer: 'ipCountry', ColumnCreationOptions: '' },
      { InboundName: 'page', OutboundName: 'page', Transformer: 'varchar', ColumnCreationOptions: '(32)' },
      { InboundName: 'count', OutboundName: 'count', Transformer: 'int', ColumnCreationOptions: '' },
    ],
  },
];

/** A JSON edge line (recordversion 3) with the payload as standard base64. */
const edgeLine = (clientIp: string, uuid: string, payload: string) =>
  JSON.stringify({ clientIp, receivedAt: '2013-10-17T18:05:55.338Z', uuid, data: Buffer.from(payload).toString('base64'), recordversion: 3 });

let tools: ParserTools;

beforeAll(async () => {
  tools = { tables: loadTableConfig(JSON.stringify(VISIT), 'visit.json').tables, geo: await openGeoIp(GEOIP_DIR), warnings: [] };
});

describe('debugLines', () => {
  it('shows a tracked event column by column and as loaded, with GeoIP and NULLs', () => {
    const line = edgeLine('81.2.69.142', 'u1', '{"event":"visit","properties":{"page":"a\\tb","count":"x"}}');
    expect(debugLines(`${line}\n`, tools)).toEqual({
      lines: 1,
      skippedLines: 0,
      events: [
        {
          line: 1,
          uuid: 'u1',
          event: 'visit',
          table: 'visit',
          version: 0,
          status: 'skipped_column',
          reason: expect.stringContaining('column "count"'),
          columns: [
            { name: 'ip', value: '81.2.69.142' },
            { name: 'city', value: 'London' },
            { name: 'country', value: 'GB' },
            { name: 'page', value: 'a\tb' },
            { name: 'count', value: null },
          ],
          loadLine: '81.2.69.142\tLondon\tGB\ta\\\tb\t',
        },
      ],
    });
  });

  it.each([
    ['a non-tracked event', edgeLine('10.0.0.1', 'u2', '{"event":"unknown-thing","properties":{}}'), { line: 1, uuid: 'u2', event: 'unknown-thing', table: null, version: 0, status: 'nontracked' }],
    ['a malformed line', 'not an edge line', { line: 1, uuid: 'error', event: 'Unknown', table: null, version: 0, status: 'malformed', reason: 'line has no "data=" field (neither a JSON edge line nor an nginx-style one)' }],
  ])('shows %s without a row', (_case, line, expected) => {
    const [event] = debugLines(line, tools).events;
    expect(event).toEqual(expect.objectContaining(expected));
    expect(event.columns).toBeUndefined();
    expect(event.loadLine).toBeUndefined();
  });

  it('numbers lines as pasted, skips blank ones and drops the CR browsers add', () => {
    const visit = edgeLine('10.0.0.1', 'u3', '{"event":"visit","properties":{"page":"p","count":1}}');
    const result = debugLines(`\r\n${visit}\r\n\r\n${visit}\r\n`, tools);
    expect(result.lines).toBe(2);
    expect(result.events.map((e) => [e.line, e.status, e.loadLine])).toEqual([
      [2, 'ok', '10.0.0.1\t\t\tp\t1'],
      [4, 'ok', '10.0.0.1\t\t\tp\t1'],
    ]);
  });

  it('shows each event of a multi-event line', () => {
    const line = edgeLine('10.0.0.1', 'multi', '[{"event":"visit","properties":{"page":"p","count":1}},{"event":"other","properties":{}}]');
    expect(debugLines(line, tools).events.map((e) => [e.uuid, e.event, e.status])).toEqual([
      ['multi-0', 'visit', 'ok'],
      ['multi-1', 'other', 'nontracked'],
    ]);
  });

  it('parses at most the line limit and counts the rest', () => {
    const visit = edgeLine('10.0.0.1', 'u', '{"event":"visit","properties":{}}');
    const result = debugLines([visit, visit, visit, visit].join('\n'), tools, 3);
    expect({ lines: result.lines, skipped: result.skippedLines, events: result.events.length }).toEqual({ lines: 3, skipped: 1, events: 3 });
  });
});
