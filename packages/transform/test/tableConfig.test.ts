import * as path from 'path';
import { JsonNumber } from '@spade/events';
import { emptyGeoIp, loadTableConfig, loadTableConfigFile, Table, TableConfigError, varcharByteLimit } from '@spade/transform';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'spade', 'latest');
const PRODUCTION_CONFIG = path.join(FIXTURES, 'table_config.json');
const CONCATENATED_CONFIG = path.join(FIXTURES, 'transformer', 'test_resources', 'test_config.json');

const column = (inbound: string, outbound: string, transformer: string, options = '') =>
  ({ InboundName: inbound, OutboundName: outbound, Transformer: transformer, ColumnCreationOptions: options });
const load = (tables: unknown) => loadTableConfig(JSON.stringify(tables), 'test.json');

function loadError(text: string, source = 'test.json'): TableConfigError {
  try {
    loadTableConfig(text, source);
  } catch (err) {
    expect(err).toBeInstanceOf(TableConfigError);
    return err as TableConfigError;
  }
  throw new Error('expected a TableConfigError');
}

describe('the production table_config.json', () => {
  let tables: Map<string, Table>;
  let warnings: string[];
  beforeAll(async () => {
    ({ tables, warnings } = await loadTableConfigFile(PRODUCTION_CONFIG));
  });

  it('loads all 54 tables without warnings', () => {
    expect(tables.size).toBe(54);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['video-play', 60], ['video-error', 59], ['minute-watched', 54], ['login', 12], ['signup', 11],
    ['channel_concurrents', 3], ['global_concurrents', 2], ['video_ad_impression', 37],
  ])('table %s has %d columns', (name, count) => {
    expect(tables.get(name)?.columns).toHaveLength(count);
  });

  it('keeps each column as configured, in order', () => {
    const login = tables.get('login')!;
    expect(login.version).toBe(0);
    expect(login.columns.slice(0, 3).map((c) => [c.inboundName, c.outboundName, c.transformer, c.creationOptions, c.supportingColumns])).toEqual([
      ['time', 'time', 'f@timestamp@unix', ' sortkey', []],
      ['ip', 'ip', 'varchar', '(15)', []],
      ['ip', 'city', 'ipCity', '', []],
    ]);
    expect(login.columns.map((c) => c.outboundName)).toEqual([
      'time', 'ip', 'city', 'country', 'region', 'asn', 'device_id', 'auth_method', 'platform', 'player', 'source', 'source_action',
    ]);
  });

  it('compiles working transformers', () => {
    const time = tables.get('login')!.columns[0];
    expect(time.transform(new JsonNumber('1382033155'), emptyGeoIp())).toBe('2013-10-17 11:05:55');
  });

  it('knows the byte width of string columns', () => {
    const login = tables.get('login')!;
    expect(login.columns.map((c) => c.maxBytes)).toEqual([undefined, 15, 64, 2, 64, 128, 32, 16, 16, 32, 32, 32]);
  });

  it('marks the columns whose values never need escaping when loaded', () => {
    const flagged = new Set<string>();
    for (const table of tables.values()) for (const c of table.columns) if (c.loadSafe) flagged.add(c.transformer);
    expect([...flagged].sort()).toEqual(['bigint', 'bool', 'f@timestamp@unix', 'float', 'int', 'ipAsnInteger']);
  });
});

describe('malformed files', () => {
  it('rejects the two concatenated objects of test_config.json, naming the file and the position', async () => {
    await expect(loadTableConfigFile(CONCATENATED_CONFIG)).rejects.toThrow(TableConfigError);
    await expect(loadTableConfigFile(CONCATENATED_CONFIG)).rejects.toThrow(
      `table config ${CONCATENATED_CONFIG}: invalid JSON at line 24, column 1: `,
    );
  });

  it('names the position of truncated JSON', () => {
    expect(loadError('[\n  {"EventName": "a"', 'cut.json').message).toMatch(/^table config cut\.json: invalid JSON at line 2, column 20: /);
  });

  it('names a file it cannot read', async () => {
    await expect(loadTableConfigFile('/nonexistent/tables.json')).rejects.toThrow('table config /nonexistent/tables.json: cannot read: ');
  });

  it.each([
    ['a top-level object', '{}', 'table config test.json: expected a JSON array of tables, found an object'],
    ['a table that is a string', '["login"]', 'table config test.json: table #1: expected an object, found a string'],
    ['a numeric EventName', '[{"EventName": 1}]', 'table config test.json: table #1: "EventName" must be a string, found a number'],
    ['a string Version', '[{"EventName": "a", "Version": "3"}]', 'table config test.json: table #1 ("a"): "Version" must be an integer, found "3"'],
    ['a fractional Version', '[{"EventName": "a", "Version": 2.5}]', 'table config test.json: table #1 ("a"): "Version" must be an integer, found 2.5'],
    ['Columns that are an object', '[{"EventName": "a", "Columns": {}}]', 'table config test.json: table #1 ("a"): "Columns" must be an array, found an object'],
    ['a column that is a number', '[{"EventName": "a", "Columns": [1]}]', 'table config test.json: table #1 ("a"), column #1: expected an object, found a number'],
    ['a boolean Transformer', '[{"EventName": "a", "Columns": [{"Transformer": true}]}]',
      'table config test.json: table #1 ("a"), column #1: "Transformer" must be a string, found a boolean'],
  ])('rejects %s', (_name, text, message) => {
    expect(loadError(text).message).toBe(message);
  });
});

describe('tables that are dropped with a warning', () => {
  const valid = { EventName: 'good', Columns: [column('time', 'time', 'f@timestamp@unix')] };

  it.each([
    ['an unknown transformer', [column('x', 'x', 'int8')], 'table "bad" dropped: column #1 ("x"): unknown transformer "int8"'],
    ['an empty transformer', [column('x', 'x', '')], 'table "bad" dropped: column #1 ("x"): unknown transformer ""'],
    ['the lookup transformer', [column('id', 'id', 'userIDWithMapping')], 'table "bad" dropped: column #1 ("id"): unknown transformer "userIDWithMapping"'],
    ['a column name with a space', [column('a b', 'a b', 'varchar')], 'table "bad" dropped: column #1 ("a b"): name is not a valid identifier'],
    ['a column name starting with a digit', [column('1a', '1a', 'varchar')], 'table "bad" dropped: column #1 ("1a"): name is not a valid identifier'],
    ['a 128-character column name', [column('x', 'a'.repeat(128), 'varchar')], `table "bad" dropped: column #1 ("${'a'.repeat(128)}"): name is not a valid identifier`],
    ['two columns named alike', [column('a', 'Name', 'varchar'), column('b', 'name', 'varchar')], 'table "bad" dropped: column #2 ("name"): duplicate column name'],
    ['an empty InboundName', [column('', 'x', 'varchar')], 'table "bad" dropped: column #1 ("x"): empty InboundName'],
    ['no columns', [], 'table "bad" dropped: it has no columns'],
  ])('with %s, while the other tables load', (_name, columns, warning) => {
    const { tables, warnings } = load([{ EventName: 'bad', Columns: columns }, valid]);
    expect([...tables.keys()]).toEqual(['good']);
    expect(warnings).toEqual([`table config test.json: ${warning}`]);
  });

  it.each([
    ['with a semicolon', 'login;drop'], ['empty', ''], ['with a dot', 'a.b'], ['of 128 characters', 'e'.repeat(128)],
  ])('with an event name %s', (_name, eventName) => {
    const { tables, warnings } = load([{ EventName: eventName, Columns: valid.Columns }]);
    expect(tables.size).toBe(0);
    expect(warnings).toEqual([`table config test.json: table ${JSON.stringify(eventName)} dropped: event name ${JSON.stringify(eventName)} is not a valid identifier`]);
  });

  it('accepts 127-character names, dashes and underscores', () => {
    const name = 'E' + 'v-_'.repeat(42);
    const { tables, warnings } = load([{ EventName: name, Columns: [column('in', '_' + 'c'.repeat(126), 'varchar')] }]);
    expect(name).toHaveLength(127);
    expect(warnings).toEqual([]);
    expect(tables.get(name)?.columns[0].outboundName).toHaveLength(127);
  });
});

describe('the versioned form', () => {
  const versioned = [{
    EventName: 'video-play', Version: 22, CreatedTS: '2017-01-01T00:00:00Z', UserName: 'kai', Dropped: false, Reason: '',
    Columns: [
      { ...column('time', 'time', 'f@timestamp@unix', ' sortkey'), SupportingColumns: '' },
      { ...column('id', 'user_id', 'bigint'), SupportingColumns: 'login,name' },
    ],
  }, { EventName: 'login', Version: 4, Columns: [column('time', 'time', 'f@timestamp@unix-utc')] }];

  it('reads versions and supporting columns and ignores extra keys', () => {
    const { tables, warnings } = load(versioned);
    expect(warnings).toEqual([]);
    expect(tables.get('video-play')?.version).toBe(22);
    expect(tables.get('login')?.version).toBe(4);
    expect(tables.get('video-play')?.columns.map((c) => c.supportingColumns)).toEqual([[], ['login', 'name']]);
  });

  it('matches keys case-insensitively and treats null as absent, as Go does', () => {
    const { tables } = loadTableConfig(
      '[{"eventname": "a", "VERSION": 3, "columns": [{"inboundname": "x", "OUTBOUNDNAME": "y", "transformer": "int", "ColumnCreationOptions": null}]}]',
      'test.json',
    );
    const table = tables.get('a')!;
    expect(table.version).toBe(3);
    expect(table.columns.map((c) => [c.inboundName, c.outboundName, c.transformer, c.creationOptions])).toEqual([['x', 'y', 'int', '']]);
  });

  it('uses the last definition of a repeated event, with a warning', () => {
    const { tables, warnings } = load([{ ...versioned[1], Version: 1 }, versioned[1]]);
    expect(tables.get('login')?.version).toBe(4);
    expect(warnings).toEqual(['table config test.json: table "login" is defined more than once; the last definition is used']);
  });
});

describe('varcharByteLimit', () => {
  it.each([
    ['varchar', '(32)', 32], ['varchar', '(32) distkey', 32], ['varchar', ' (  64 )', 64], ['varchar', '(max)', 65535],
    ['varchar', '', 256], ['varchar', ' sortkey', 256], ['ipCity', '', 64], ['ipCountry', '', 2], ['ipRegion', '', 64],
    ['ipAsn', '', 128], ['bigint', '', undefined], ['f@timestamp@unix', ' sortkey', undefined], ['ipAsnInteger', '', undefined],
  ])('%s %j → %p', (transformer, options, expected) => {
    expect(varcharByteLimit(transformer, options)).toBe(expected);
  });
});
