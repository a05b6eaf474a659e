import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { ensureTables, TableSpec } from '@spade/warehouse';
import { createTestDatabase, TestDatabase } from '@spade/testkit';

interface ConfigColumn {
  InboundName: string;
  OutboundName: string;
  Transformer: string;
  ColumnCreationOptions: string;
}

interface ConfigTable {
  EventName: string;
  Version?: number;
  Columns: ConfigColumn[];
}

const CONFIG_PATH = join(__dirname, '../../../fixtures/spade/latest/table_config.json');
const config = JSON.parse(readFileSync(CONFIG_PATH, 'utf8')) as ConfigTable[];
const tables: TableSpec[] = config.map((table) => ({
  name: table.EventName,
  version: table.Version ?? 0,
  columns: table.Columns.map((column) => ({
    outboundName: column.OutboundName,
    transformer: column.Transformer,
    creationOptions: column.ColumnCreationOptions,
  })),
}));

interface ColumnRow {
  table_name: string;
  column_name: string;
  ordinal_position: number;
  data_type: string;
  character_maximum_length: number | null;
}

let database: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = database.pool({ max: 4 });
  await ensureTables(pool, 'postgres', 'public', tables);
});

afterAll(async () => {
  await database?.drop();
});

async function columnsOf(schema: string, table: string): Promise<ColumnRow[]> {
  const { rows } = await pool.query<ColumnRow>(
    `SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length
     FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  return rows;
}

/** "name type(len)" per column, as information_schema spells them. */
async function typesOf(table: string): Promise<string[]> {
  return (await columnsOf('public', table)).map((c) =>
    `${c.column_name} ${c.data_type}${c.character_maximum_length === null ? '' : `(${c.character_maximum_length})`}`);
}

describe('production table config on PostgreSQL', () => {
  it('has the 54 tables of the fixture', () => {
    expect(tables).toHaveLength(54);
  });

  it('creates every table, named exactly after its event', async () => {
    const { rows } = await pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(rows.map((r) => r.table_name)).toEqual(config.map((t) => t.EventName).sort());
    expect(rows.map((r) => r.table_name)).toContain('minute-watched');
  });

  it('creates every column, named by OutboundName, in config order', async () => {
    const { rows } = await pool.query<ColumnRow>(
      "SELECT table_name, column_name, ordinal_position FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
    );
    expect(rows).toHaveLength(1397);
    for (const table of config) {
      const actual = rows.filter((r) => r.table_name === table.EventName).map((r) => r.column_name);
      expect(actual).toEqual(table.Columns.map((c) => c.OutboundName));
    }
  });

  it('maps the transformers of app-launched (int, ip*, sortkey and distkey dropped)', async () => {
    expect(await typesOf('app-launched')).toEqual([
      'time timestamp without time zone',
      'channel character varying(25)',
      'channel_id integer',
      'game character varying(64)',
      'partner boolean',
      'vid_height integer',
      'vid_width integer',
      'is_subscriber boolean',
      'is_turbo boolean',
      'logged_in boolean',
      'login character varying(25)',
      'player character varying(16)',
      'live boolean',
      'app_version character varying(16)',
      'stream_status character varying(16)',
      'device_id character varying(32)',
      'minutes_logged integer',
      'current_bitrate integer',
      'born boolean',
      'xbox_mode character varying(20)',
      'referrer character varying(32)',
      'opened_from character varying(16)',
      'ip character varying(15)',
      'country character varying(2)',
      'city character varying(64)',
      'region character varying(64)',
      'asn character varying(128)',
    ]);
  });

  it('maps float, bigint and ipAsnInteger', async () => {
    const minuteWatched = await typesOf('minute-watched');
    expect(minuteWatched.slice(0, 10)).toEqual([
      'time timestamp without time zone',
      'adblock boolean',
      'broadcaster_software character varying(16)',
      'browser character varying(180)',
      'buffer_empty_count bigint',
      'channel character varying(25)',
      'channel_id bigint',
      'cluster character varying(16)',
      'current_bitrate double precision',
      'device_id character varying(32)',
    ]);
    const minuteBuffered = await typesOf('minute-buffered');
    expect(minuteBuffered.slice(0, 6)).toEqual([
      'time timestamp without time zone',
      'ip character varying(15)',
      'city character varying(64)',
      'country character varying(2)',
      'region character varying(64)',
      'asn_id integer',
    ]);
  });

  it('is idempotent', async () => {
    await ensureTables(pool, 'postgres', 'public', tables);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
    expect(rows[0].n).toBe(54);
  });

  it('lets processes race to create the same new tables', async () => {
    await Promise.all([
      ensureTables(pool, 'postgres', 'raced', tables),
      ensureTables(pool, 'postgres', 'raced', tables),
      ensureTables(pool, 'postgres', 'raced', tables),
    ]);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'raced'");
    expect(rows[0].n).toBe(54);
  });

  it('leaves an existing table and its rows alone', async () => {
    await pool.query('INSERT INTO "public"."app-launched" ("channel") VALUES ($1)', ['kept']);
    await ensureTables(pool, 'postgres', 'public', tables);
    const { rows } = await pool.query('SELECT channel FROM "public"."app-launched"');
    expect(rows).toEqual([{ channel: 'kept' }]);
  });

  it('creates a missing schema', async () => {
    await ensureTables(pool, 'postgres', 'spade_events', tables.slice(0, 2));
    expect((await columnsOf('spade_events', config[0].EventName)).length).toBe(config[0].Columns.length);
  });

  it('creates nothing when one table of the config is bad', async () => {
    const bad: TableSpec = { name: 'broken', version: 1, columns: [{ outboundName: 'x', transformer: 'money', creationOptions: '' }] };
    await expect(ensureTables(pool, 'postgres', 'all_or_nothing', [tables[0], bad])).rejects.toThrow('unknown transformer "money"');
    const { rows } = await pool.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'all_or_nothing'");
    expect(rows).toEqual([]);
  });
});
