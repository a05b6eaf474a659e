import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertDashboardSettings,
  describeSettings,
  loadSettings,
  SETTING_DEFINITIONS,
  SettingsError,
} from '@spade/config';

const REQUIRED = {
  SPADE_S3_BUCKET: 'logs',
  SPADE_WAREHOUSE_URL: 'postgres://spade:hunter2@db.internal:5432/warehouse',
  SPADE_TABLE_CONFIG: '/etc/spade/table_config.json',
};

function errorOf(run: () => unknown): SettingsError {
  try {
    run();
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('defaults', () => {
  const settings = loadSettings({ ...REQUIRED });

  it('fills every optional setting with its documented default', () => {
    expect(settings.redis.url).toBe('redis://127.0.0.1:6379');
    expect(settings.queues.prefix).toBe('{spade}');
    expect(settings.s3).toEqual({
      endpoint: '',
      region: 'us-east-1',
      accessKeyId: '',
      secretAccessKey: '',
      bucket: 'logs',
      inputPrefix: 'edge/',
      outputPrefix: 'batches/',
      rejectsPrefix: 'rejects/',
      nontrackedPrefix: 'nontracked/',
    });
    expect(settings.warehouse).toEqual({
      url: 'postgres://spade:hunter2@db.internal:5432/warehouse',
      dialect: 'postgres',
      schema: 'public',
    });
    expect(settings.scheduler).toEqual({ scanIntervalMs: 10000, chunkBytes: 33554432 });
    expect(settings.parser).toEqual({ concurrency: 2, partMaxBytes: 1048576 });
    expect(settings.writer).toEqual({ batchMaxBytes: 67108864, batchMaxAgeMs: 30000, loadAttempts: 5, concurrency: 4 });
    expect(settings.drainTimeoutMs).toBe(20000);
    expect(settings.metrics.port).toBe(9464);
    expect(settings.log.level).toBe('info');
    expect(settings.dashboard).toEqual({
      port: 3000, user: '', password: '', auth: 'on', readonlyUser: '', readonlyPassword: '',
    });
  });

  it('documents every setting and gives each its own SPADE_ variable', () => {
    const envs = SETTING_DEFINITIONS.map((d) => d.env);
    expect(new Set(envs).size).toBe(envs.length);
    for (const definition of SETTING_DEFINITIONS) {
      expect(definition.env.startsWith('SPADE_')).toBe(true);
      expect(definition.doc.length).toBeGreaterThan(20);
    }
  });

  it('does not read process.env when given an environment', () => {
    process.env.SPADE_LOG_LEVEL = 'debug';
    try {
      expect(loadSettings({ ...REQUIRED }).log.level).toBe('info');
    } finally {
      delete process.env.SPADE_LOG_LEVEL;
    }
  });
});

describe('environment overrides', () => {
  it.each([
    ['SPADE_REDIS_URL', 'rediss://cache.internal:6380', 'redis.url', 'rediss://cache.internal:6380'],
    ['SPADE_QUEUE_PREFIX', '{prod}', 'queues.prefix', '{prod}'],
    ['SPADE_S3_ENDPOINT', 'http://127.0.0.1:4569', 's3.endpoint', 'http://127.0.0.1:4569'],
    ['SPADE_WAREHOUSE_DIALECT', 'postgres', 'warehouse.dialect', 'postgres'],
    ['SPADE_WAREHOUSE_SCHEMA', 'events', 'warehouse.schema', 'events'],
    ['SPADE_CHUNK_BYTES', '1048576', 'scheduler.chunkBytes', 1048576],
    ['SPADE_PARSER_CONCURRENCY', '8', 'parser.concurrency', 8],
    ['SPADE_BATCH_MAX_AGE_MS', '5000', 'writer.batchMaxAgeMs', 5000],
    ['SPADE_DRAIN_TIMEOUT_MS', '29999', 'drainTimeoutMs', 29999],
    ['SPADE_METRICS_PORT', '0', 'metrics.port', 0],
    ['SPADE_DASHBOARD_AUTH', 'off', 'dashboard.auth', 'off'],
    ['SPADE_TABLE_CONFIG', 's3://config/spade/table_config.json', 'tableConfig', 's3://config/spade/table_config.json'],
  ])('%s=%s sets %s', (env, text, path, expected) => {
    const settings = loadSettings({ ...REQUIRED, [env]: text }) as unknown as Record<string, unknown>;
    const value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], settings);
    expect(value).toEqual(expected);
  });
});

describe('bad values name the variable', () => {
  it.each([
    ['SPADE_WAREHOUSE_DIALECT', 'mysql', 'SPADE_WAREHOUSE_DIALECT must be one of postgres, redshift (got "mysql")'],
    ['SPADE_CHUNK_BYTES', '12abc', 'SPADE_CHUNK_BYTES must be an integer >= 65536 (got "12abc")'],
    ['SPADE_CHUNK_BYTES', '1024', 'SPADE_CHUNK_BYTES must be an integer >= 65536 (got 1024)'],
    ['SPADE_LOAD_ATTEMPTS', '0', 'SPADE_LOAD_ATTEMPTS must be a positive integer (got 0)'],
    ['SPADE_PARSER_CONCURRENCY', '1.5', 'SPADE_PARSER_CONCURRENCY must be a positive integer (got "1.5")'],
    ['SPADE_SCAN_INTERVAL_MS', '', 'SPADE_SCAN_INTERVAL_MS must be a positive integer (got "")'],
    ['SPADE_DASHBOARD_PORT', '70000', 'SPADE_DASHBOARD_PORT must be a port number (1-65535) (got 70000)'],
    ['SPADE_DRAIN_TIMEOUT_MS', '30000', 'SPADE_DRAIN_TIMEOUT_MS must be at most 29999 (got 30000)'],
    ['SPADE_REDIS_URL', 'http://cache:6379', 'SPADE_REDIS_URL must be a redis:// or rediss:// URL (got "http://cache:6379")'],
    ['SPADE_S3_ENDPOINT', 'localhost:4569', 'SPADE_S3_ENDPOINT must be a http:// or https:// URL (got "localhost:4569")'],
    ['SPADE_WAREHOUSE_SCHEMA', 'a-b', 'SPADE_WAREHOUSE_SCHEMA must be a plain SQL identifier (letters, digits, _; not starting with a digit; at most 63 characters) (got "a-b")'],
    ['SPADE_LOG_LEVEL', 'loud', 'SPADE_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    ['SPADE_INPUT_PREFIX', '/edge/', 'SPADE_INPUT_PREFIX must not start with "/" (got "/edge/")'],
    ['SPADE_DASHBOARD_AUTH', 'yes', 'SPADE_DASHBOARD_AUTH must be one of on, off (got "yes")'],
    ['SPADE_TABLE_CONFIG', 's3://bucket-only', 'SPADE_TABLE_CONFIG must be a file path or an s3://bucket/key URL (got "s3://bucket-only")'],
  ])('%s=%j', (env, text, message) => {
    const error = errorOf(() => loadSettings({ ...REQUIRED, [env]: text }));
    expect(error.message).toBe(message);
    expect(error.problems.map((p) => p.env)).toEqual([env]);
  });

  it('lists every problem at once', () => {
    const error = errorOf(() => loadSettings({ ...REQUIRED, SPADE_LOAD_ATTEMPTS: 'x', SPADE_LOG_LEVEL: 'loud' }));
    expect(error.problems.map((p) => p.env)).toEqual(['SPADE_LOAD_ATTEMPTS', 'SPADE_LOG_LEVEL']);
  });

  it('rejects a part size above the batch size', () => {
    const error = errorOf(() => loadSettings({ ...REQUIRED, SPADE_PART_MAX_BYTES: '2000', SPADE_BATCH_MAX_BYTES: '1000' }));
    expect(error.message).toBe('SPADE_PART_MAX_BYTES (2000) must not exceed SPADE_BATCH_MAX_BYTES (1000)');
  });

  it('rejects output prefixes the scheduler would read as input', () => {
    const error = errorOf(() => loadSettings({ ...REQUIRED, SPADE_INPUT_PREFIX: 'logs/', SPADE_OUTPUT_PREFIX: 'logs/batches/' }));
    expect(error.message).toBe(
      'SPADE_OUTPUT_PREFIX ("logs/batches/") overlaps SPADE_INPUT_PREFIX ("logs/"): the scheduler would read its own output',
    );
  });

  it('rejects half an S3 key pair', () => {
    const error = errorOf(() => loadSettings({ ...REQUIRED, SPADE_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE' }));
    expect(error.message).toBe('SPADE_S3_SECRET_ACCESS_KEY is required when SPADE_S3_ACCESS_KEY_ID is set');
  });
});

describe('missing required settings', () => {
  it.each(['SPADE_S3_BUCKET', 'SPADE_WAREHOUSE_URL', 'SPADE_TABLE_CONFIG'])('%s', (env) => {
    const without: Record<string, string> = { ...REQUIRED };
    delete without[env];
    const error = errorOf(() => loadSettings(without));
    expect(error.message).toBe(`${env} is required`);
  });

  it('names all three when nothing is set', () => {
    const error = errorOf(() => loadSettings({}));
    expect(error.message).toBe('SPADE_S3_BUCKET is required\nSPADE_WAREHOUSE_URL is required\nSPADE_TABLE_CONFIG is required');
  });
});

describe('secrets', () => {
  const settings = loadSettings({
    ...REQUIRED,
    SPADE_REDIS_URL: 'redis://:redispass@cache:6379',
    SPADE_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    SPADE_S3_SECRET_ACCESS_KEY: 's3-secret',
    SPADE_DASHBOARD_USER: 'admin',
    SPADE_DASHBOARD_PASSWORD: 'dash-secret',
  });
  const rows = new Map(describeSettings(settings).map((row) => [row.env, row]));

  it('masks secret values and URL passwords', () => {
    expect(rows.get('SPADE_S3_SECRET_ACCESS_KEY')?.value).toBe('****');
    expect(rows.get('SPADE_DASHBOARD_PASSWORD')?.value).toBe('****');
    expect(rows.get('SPADE_WAREHOUSE_URL')?.value).toBe('postgres://spade:****@db.internal:5432/warehouse');
    expect(rows.get('SPADE_REDIS_URL')?.value).toBe('redis://:****@cache:6379');
  });

  it('shows unset secrets as empty and plain values as they are', () => {
    expect(rows.get('SPADE_REDSHIFT_SECRET_ACCESS_KEY')?.value).toBe('');
    expect(rows.get('SPADE_S3_ACCESS_KEY_ID')?.value).toBe('AKIAEXAMPLE');
    expect(rows.get('SPADE_DASHBOARD_USER')?.value).toBe('admin');
  });

  it('describes name, variable, doc and default', () => {
    expect(rows.get('SPADE_BATCH_MAX_BYTES')).toEqual({
      name: 'writer.batchMaxBytes',
      env: 'SPADE_BATCH_MAX_BYTES',
      doc: 'A writer flushes a table batch once its parts reach this many bytes (uncompressed).',
      default: 67108864,
      value: 67108864,
    });
    expect(rows.size).toBe(SETTING_DEFINITIONS.length);
  });

  it('never prints a secret in the printed table', () => {
    const printed = JSON.stringify(describeSettings(settings));
    for (const secret of ['hunter2', 'redispass', 's3-secret', 'dash-secret']) expect(printed).not.toContain(secret);
  });

  it('keeps the password out of an error about the warehouse URL', () => {
    const error = errorOf(() => loadSettings({ ...REQUIRED, SPADE_WAREHOUSE_URL: 'mysql://spade:hunter2@db/warehouse' }));
    expect(error.message).toBe('SPADE_WAREHOUSE_URL must be a postgres:// or postgresql:// URL (got "mysql://spade:****@db/warehouse")');
  });
});

describe('redshift credentials', () => {
  const redshift = { ...REQUIRED, SPADE_WAREHOUSE_DIALECT: 'redshift' };

  it('requires a role or a key pair', () => {
    const error = errorOf(() => loadSettings(redshift));
    expect(error.message).toBe(
      'SPADE_WAREHOUSE_DIALECT redshift needs SPADE_REDSHIFT_IAM_ROLE or both SPADE_REDSHIFT_ACCESS_KEY_ID and SPADE_REDSHIFT_SECRET_ACCESS_KEY',
    );
  });

  it('accepts an IAM role', () => {
    const role = 'arn:aws:iam::123456789012:role/spade-loader';
    expect(loadSettings({ ...redshift, SPADE_REDSHIFT_IAM_ROLE: role }).redshift.iamRole).toBe(role);
  });

  it('accepts a key pair', () => {
    const settings = loadSettings({ ...redshift, SPADE_REDSHIFT_ACCESS_KEY_ID: 'AKIARS', SPADE_REDSHIFT_SECRET_ACCESS_KEY: 'rs-secret' });
    expect(settings.redshift).toEqual({ iamRole: '', accessKeyId: 'AKIARS', secretAccessKey: 'rs-secret' });
  });

  it('names the missing half of a key pair', () => {
    const error = errorOf(() => loadSettings({ ...redshift, SPADE_REDSHIFT_ACCESS_KEY_ID: 'AKIARS' }));
    expect(error.message).toBe('SPADE_REDSHIFT_SECRET_ACCESS_KEY is required when SPADE_REDSHIFT_ACCESS_KEY_ID is set');
  });

  it('refuses a role and keys together', () => {
    const error = errorOf(() => loadSettings({
      ...redshift,
      SPADE_REDSHIFT_IAM_ROLE: 'arn:aws:iam::123456789012:role/spade-loader',
      SPADE_REDSHIFT_ACCESS_KEY_ID: 'AKIARS',
      SPADE_REDSHIFT_SECRET_ACCESS_KEY: 'rs-secret',
    }));
    expect(error.message).toBe('SPADE_REDSHIFT_IAM_ROLE and SPADE_REDSHIFT_ACCESS_KEY_ID are both set; set only one way for Redshift to read S3');
    expect(error.message).not.toContain('rs-secret');
  });

  it('needs no Redshift credentials for the postgres dialect', () => {
    expect(loadSettings({ ...REQUIRED }).warehouse.dialect).toBe('postgres');
  });
});

describe('config file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spade-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function writeJson(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it('reads settings from SPADE_CONFIG_FILE, and the environment overrides it', () => {
    const file = writeJson('spade.json', JSON.stringify({
      s3: { bucket: 'from-file', region: 'eu-west-1' },
      writer: { loadAttempts: 9 },
      warehouse: { schema: 'file_schema' },
    }));
    const settings = loadSettings({
      SPADE_CONFIG_FILE: file,
      SPADE_WAREHOUSE_URL: REQUIRED.SPADE_WAREHOUSE_URL,
      SPADE_TABLE_CONFIG: REQUIRED.SPADE_TABLE_CONFIG,
      SPADE_S3_REGION: 'us-west-2',
    });
    expect(settings.s3.bucket).toBe('from-file');
    expect(settings.s3.region).toBe('us-west-2');
    expect(settings.writer.loadAttempts).toBe(9);
    expect(settings.warehouse.schema).toBe('file_schema');
    expect(settings.configFile).toBe(file);
  });

  it('takes the file from options before SPADE_CONFIG_FILE', () => {
    const file = writeJson('options.json', JSON.stringify({ log: { level: 'warn' } }));
    expect(loadSettings({ ...REQUIRED, SPADE_CONFIG_FILE: '/missing.json' }, { file }).log.level).toBe('warn');
  });

  it('names the variable of a bad value that came from the file', () => {
    const file = writeJson('bad.json', JSON.stringify({ writer: { loadAttempts: -1 } }));
    expect(errorOf(() => loadSettings({ ...REQUIRED }, { file })).message).toBe(
      'SPADE_LOAD_ATTEMPTS must be a positive integer (got -1)',
    );
  });

  it('rejects keys the schema does not know', () => {
    const file = writeJson('unknown.json', JSON.stringify({ s3: { buckett: 'typo' } }));
    const error = errorOf(() => loadSettings({ ...REQUIRED }, { file }));
    expect(error.problems.map((p) => p.env)).toEqual(['SPADE_CONFIG_FILE']);
    expect(error.message).toContain("s3.buckett");
  });

  it('reports invalid JSON without quoting the file', () => {
    const file = writeJson('broken.json', '{"warehouse": {"url": "postgres://u:topsecret@h/db"');
    const error = errorOf(() => loadSettings({ ...REQUIRED }, { file }));
    expect(error.message).toBe(`SPADE_CONFIG_FILE cannot be read as JSON (${file}: not valid JSON)`);
  });

  it('reports a missing file with its error code', () => {
    const error = errorOf(() => loadSettings({ ...REQUIRED }, { file: join(dir, 'nope.json') }));
    expect(error.message).toBe(`SPADE_CONFIG_FILE cannot be read as JSON (${join(dir, 'nope.json')}: ENOENT)`);
  });
});

describe('dashboard credentials', () => {
  it('are required by the dashboard when auth is on', () => {
    const error = errorOf(() => assertDashboardSettings(loadSettings({ ...REQUIRED })));
    expect(error.message).toBe(
      'SPADE_DASHBOARD_USER is required when SPADE_DASHBOARD_AUTH is on\nSPADE_DASHBOARD_PASSWORD is required when SPADE_DASHBOARD_AUTH is on',
    );
  });

  it('are not needed with auth off', () => {
    expect(() => assertDashboardSettings(loadSettings({ ...REQUIRED, SPADE_DASHBOARD_AUTH: 'off' }))).not.toThrow();
  });

  it('come in pairs for the read-only user', () => {
    const error = errorOf(() => loadSettings({ ...REQUIRED, SPADE_DASHBOARD_READONLY_USER: 'viewer' }));
    expect(error.message).toBe('SPADE_DASHBOARD_READONLY_PASSWORD is required when SPADE_DASHBOARD_READONLY_USER is set');
  });
});
