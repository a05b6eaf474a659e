import {
  ColumnDefinitionError,
  columnType,
  createTableSql,
  IdentifierError,
  qualifiedName,
  TableSpec,
} from '@spade/warehouse';

describe('columnType (SPADE-REFERENCE §6.4)', () => {
  it.each([
    // transformer, options, redshift, postgres
    ['ipCity', '', 'varchar(64)', 'varchar(64)'],
    ['ipCountry', '', 'varchar(2)', 'varchar(2)'],
    ['ipRegion', '', 'varchar(64)', 'varchar(64)'],
    ['ipAsn', '', 'varchar(128)', 'varchar(128)'],
    ['ipAsnInteger', '', 'int', 'int'],
    ['f@timestamp@unix', '', 'datetime', 'timestamp'],
    ['f@timestamp@unix-utc', '', 'datetime', 'timestamp'],
    ['f@timestamp@2006-01-02 15:04:05', '', 'datetime', 'timestamp'],
    ['f@timestamp@unix', ' sortkey', 'datetime sortkey', 'timestamp'],
    ['stringToIntegerMD5', '', 'bigint', 'bigint'],
    ['userIDWithMapping', '', 'bigint', 'bigint'],
    ['int', '', 'int', 'int'],
    ['bigint', '', 'bigint', 'bigint'],
    ['bigint', ' distkey', 'bigint distkey', 'bigint'],
    ['float', '', 'float', 'double precision'],
    ['bool', '', 'bool', 'bool'],
    ['varchar', '', 'varchar(256)', 'varchar(256)'],
    ['varchar', '(32)', 'varchar(32)', 'varchar(32)'],
    ['varchar', '(32) distkey', 'varchar(32) distkey', 'varchar(32)'],
    ['varchar', '(25) sortkey', 'varchar(25) sortkey', 'varchar(25)'],
    ['varchar', ' distkey', 'varchar(256) distkey', 'varchar(256)'],
    ['varchar', '(max)', 'varchar(65535)', 'varchar(65535)'],
    ['varchar', '(MAX) sortkey', 'varchar(65535) sortkey', 'varchar(65535)'],
    // Options of one character are ignored, as in the original.
    ['varchar', ' ', 'varchar(256)', 'varchar(256)'],
    ['int', ' ', 'int', 'int'],
  ])('%s %j → redshift %s, postgres %s', (transformer, creationOptions, redshift, postgres) => {
    expect(columnType('redshift', { transformer, creationOptions })).toBe(redshift);
    expect(columnType('postgres', { transformer, creationOptions })).toBe(postgres);
  });

  it.each([
    ['nope', '', 'unknown transformer "nope"'],
    ['', '', 'unknown transformer ""'],
    ['varchar', '(32); DROP TABLE x', 'unsupported ColumnCreationOptions "(32); DROP TABLE x"'],
    ['varchar', 'sortkey', 'unsupported ColumnCreationOptions "sortkey"'],
    ['varchar', '(0)', 'varchar length 0 is outside 1-65535'],
    ['varchar', '(70000)', 'varchar length 70000 is outside 1-65535'],
    ['bigint', '(32)', 'a length only applies to varchar, not bigint'],
    ['ipCity', '(32)', 'a length only applies to varchar, not ipCity'],
  ])('refuses %s with %j', (transformer, creationOptions, message) => {
    expect(() => columnType('redshift', { transformer, creationOptions })).toThrow(new ColumnDefinitionError(message));
  });
});

const sample: TableSpec = {
  name: 'minute-watched',
  version: 3,
  columns: [
    { outboundName: 'time', transformer: 'f@timestamp@unix', creationOptions: ' sortkey' },
    { outboundName: 'device_id', transformer: 'varchar', creationOptions: '(32) distkey' },
    { outboundName: 'user', transformer: 'bigint', creationOptions: '' },
    { outboundName: 'rate', transformer: 'float', creationOptions: '' },
    { outboundName: 'city', transformer: 'ipCity', creationOptions: '' },
  ],
};

describe('createTableSql', () => {
  it('writes Redshift DDL with sortkey and distkey, names quoted, in config order', () => {
    expect(createTableSql('redshift', 'public', sample)).toBe(
      [
        '-- spade: create the event table "public"."minute-watched" (config version 3) unless it exists.',
        '-- Steps: CREATE TABLE IF NOT EXISTS, one column per config column in config order; an existing table is left as it is.',
        '-- Inputs: none (names and types come from the validated table config).',
        '-- Returns: nothing.',
        'CREATE TABLE IF NOT EXISTS "public"."minute-watched" (',
        '  "time" datetime sortkey,',
        '  "device_id" varchar(32) distkey,',
        '  "user" bigint,',
        '  "rate" float,',
        '  "city" varchar(64)',
        ')',
      ].join('\n'),
    );
  });

  it('writes PostgreSQL DDL without sortkey and distkey', () => {
    const sql = createTableSql('postgres', 'events', sample);
    expect(sql.split('\n').slice(4)).toEqual([
      'CREATE TABLE IF NOT EXISTS "events"."minute-watched" (',
      '  "time" timestamp,',
      '  "device_id" varchar(32),',
      '  "user" bigint,',
      '  "rate" double precision,',
      '  "city" varchar(64)',
      ')',
    ]);
  });

  it('names table and column of a bad column', () => {
    const bad: TableSpec = { name: 't', version: 1, columns: [{ outboundName: 'c', transformer: 'money', creationOptions: '' }] };
    expect(() => createTableSql('postgres', 'public', bad)).toThrow('table "public"."t": column "c": unknown transformer "money"');
  });

  it.each([
    ['a column named twice', [
      { outboundName: 'a', transformer: 'int', creationOptions: '' },
      { outboundName: 'a', transformer: 'int', creationOptions: '' },
    ], 'table "public"."t": column "a" appears twice'],
    ['two names that differ only in case', [
      { outboundName: 'Channel', transformer: 'int', creationOptions: '' },
      { outboundName: 'channel', transformer: 'int', creationOptions: '' },
    ], 'table "public"."t": column "channel" appears twice'],
    ['two sortkeys', [
      { outboundName: 'a', transformer: 'int', creationOptions: ' sortkey' },
      { outboundName: 'b', transformer: 'int', creationOptions: ' sortkey' },
    ], 'table "public"."t": more than one sortkey or distkey column'],
    ['no columns', [], 'table "public"."t": a table needs at least one column'],
  ])('refuses %s', (_what, columns, message) => {
    expect(() => createTableSql('redshift', 'public', { name: 't', version: 1, columns })).toThrow(message);
  });
});

describe('identifiers', () => {
  it.each([
    ['public', 'minute-watched', '"public"."minute-watched"'],
    ['_s', 'video_play', '"_s"."video_play"'],
  ])('quotes %s.%s', (schema, table, expected) => {
    expect(qualifiedName('postgres', schema, table)).toBe(expected);
  });

  it.each(['bad"name', 'x; drop', '1abc', '-x', '', 'a b', 'tab\tname'])('refuses the table name %j', (table) => {
    expect(() => qualifiedName('postgres', 'public', table)).toThrow(IdentifierError);
  });

  it('refuses names PostgreSQL would truncate, but not Redshift', () => {
    const long = 'a'.repeat(64);
    expect(() => qualifiedName('postgres', 'public', long)).toThrow(`table "${long}" is longer than 63 bytes (postgres limit)`);
    expect(qualifiedName('redshift', 'public', long)).toBe(`"public"."${long}"`);
  });
});
