/**
 * docker-compose.yml and the Dockerfile, checked without a Docker engine: the files are parsed
 * (YAML with merge keys, Compose interpolation with each variable's local default) and what the
 * services would run is checked against the project's own settings schema and command table.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { QueueKeys } from 'bullmq';
import { BINDING_PATH } from '@spade/gzip';
import { assertDashboardSettings, loadSettings, SETTING_DEFINITIONS } from '@spade/config';
import { COMMAND_NAMES } from '../apps/cli/src/main';
import { commandOf, dependenciesOf, durationMs, environmentOf, interpolate, readComposeFile, type ComposeFile } from './support/composeFile';
import { envOf, execForm, readDockerfile } from './support/dockerfile';

const ROOT = join(__dirname, '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');

/** What each Spade service runs, and how many of it. */
const APP_SERVICES: Record<string, { command: string; replicas: number }> = {
  seed: { command: 'seed', replicas: 1 },
  scheduler: { command: 'scheduler', replicas: 1 },
  parser: { command: 'parser', replicas: 3 },
  writer: { command: 'writer', replicas: 2 },
  dashboard: { command: 'dashboard', replicas: 1 },
};
const APP_ROWS = Object.entries(APP_SERVICES).map(([name, app]) => [name, app.command, app.replicas] as const);
const ALL_SERVICES = ['redis', 'postgres', 'minio', 'create-bucket', ...Object.keys(APP_SERVICES)];
/** Long-running workers that serve /healthz and /readyz on SPADE_METRICS_PORT. */
const WORKERS = ['scheduler', 'parser', 'writer'];
const REQUIRED_SETTINGS = ['SPADE_S3_BUCKET', 'SPADE_WAREHOUSE_URL', 'SPADE_TABLE_CONFIG'];
const KNOWN_SETTINGS = new Set(SETTING_DEFINITIONS.map((definition) => definition.env));

describe('docker-compose.yml', () => {
  const compose: ComposeFile = readComposeFile(COMPOSE_FILE, {});
  const services = compose.services;
  const appEnv = (name: string): Record<string, string> => environmentOf(services[name]);

  it('has the infrastructure, the one-shot jobs and every Spade service', () => {
    expect(Object.keys(services).sort()).toEqual([...ALL_SERVICES].sort());
  });

  describe('Spade services', () => {
    it.each(APP_ROWS)('%s runs `spade %s`, a real sub-command', (name, expected) => {
      const [command] = commandOf(services[name]);
      expect(command).toBe(expected);
      expect(COMMAND_NAMES).toContain(command);
    });

    it.each(APP_ROWS)('%s (spade %s) runs %i replicas', (name, _command, replicas) => {
      expect(services[name].deploy?.replicas ?? 1).toBe(replicas);
    });

    it.each(Object.keys(APP_SERVICES))('%s is built from the Dockerfile into the one image', (name) => {
      const service = services[name];
      expect(service.image).toBe('spade:local');
      expect(service.build).toEqual({ context: '.', dockerfile: 'Dockerfile', target: 'runtime' });
      expect(existsSync(join(ROOT, 'Dockerfile'))).toBe(true);
    });

    it.each(Object.keys(APP_SERVICES))('%s uses only SPADE_* variables the settings schema defines', (name) => {
      const unknown = Object.keys(appEnv(name)).filter((key) => key.startsWith('SPADE_') && !KNOWN_SETTINGS.has(key));
      expect(unknown).toEqual([]);
    });

    it('the required settings are the ones the schema cannot default', () => {
      const required = SETTING_DEFINITIONS.filter((definition) => definition.check(definition.default) !== null).map((definition) => definition.env);
      expect(required.sort()).toEqual([...REQUIRED_SETTINGS].sort());
    });

    it.each(Object.keys(APP_SERVICES))('%s sets every required setting', (name) => {
      const env = appEnv(name);
      for (const variable of REQUIRED_SETTINGS) expect({ [variable]: env[variable] }).toEqual({ [variable]: expect.stringMatching(/\S/) });
    });

    it.each(Object.keys(APP_SERVICES))('%s settings load without a problem', (name) => {
      expect(() => loadSettings(appEnv(name))).not.toThrow();
    });

    it('the dashboard has credentials from the environment, with a local default', () => {
      const defaults = loadSettings(appEnv('dashboard'));
      expect(() => assertDashboardSettings(defaults)).not.toThrow();
      expect(defaults.dashboard).toMatchObject({ auth: 'on', user: 'admin', password: 'spade-local' });

      const overridden = readComposeFile(COMPOSE_FILE, { SPADE_DASHBOARD_USER: 'ops', SPADE_DASHBOARD_PASSWORD: 'from-the-shell' });
      expect(loadSettings(environmentOf(overridden.services.dashboard)).dashboard).toMatchObject({ user: 'ops', password: 'from-the-shell' });
    });

    it('every Spade service reads the same shared settings (only the dashboard adds its own)', () => {
      const shared = appEnv('scheduler');
      for (const name of Object.keys(APP_SERVICES)) {
        const env = appEnv(name);
        const own = Object.fromEntries(Object.entries(env).filter(([key]) => !(key in shared)));
        expect({ name, env: { ...env, ...own } }).toEqual({ name, env: { ...shared, ...own } });
        if (name !== 'dashboard') expect({ name, own }).toEqual({ name, own: {} });
      }
    });

    it('the dashboard publishes SPADE_DASHBOARD_PORT on 127.0.0.1 only', () => {
      const port = loadSettings(appEnv('dashboard')).dashboard.port;
      expect(port).toBe(3000);
      expect(services.dashboard.ports).toEqual([`127.0.0.1:${port}:${port}`]);
    });

    it.each(WORKERS)('%s healthcheck asks /readyz on SPADE_METRICS_PORT', (name) => {
      const port = loadSettings(appEnv(name)).metrics.port;
      const test = services[name].healthcheck?.test as string[];
      expect(test.slice(0, 2)).toEqual(['CMD', 'node']);
      expect(test.join(' ')).toContain(`http://127.0.0.1:${port}/readyz`);
    });

    it('the dashboard healthcheck asks /healthz on SPADE_DASHBOARD_PORT', () => {
      const port = loadSettings(appEnv('dashboard')).dashboard.port;
      expect((services.dashboard.healthcheck?.test as string[]).join(' ')).toContain(`http://127.0.0.1:${port}/healthz`);
    });

    it.each(Object.keys(APP_SERVICES))('%s gets longer than SPADE_DRAIN_TIMEOUT_MS to stop, and an init', (name) => {
      const drainMs = loadSettings(appEnv(name)).drainTimeoutMs;
      expect(drainMs).toBe(20000);
      expect(durationMs(services[name].stop_grace_period ?? '10s')).toBeGreaterThanOrEqual(drainMs + 5000);
      expect(services[name].init).toBe(true);
    });

    it('seed runs once; the long-running services restart', () => {
      expect(services.seed.restart).toBe('no');
      for (const name of WORKERS.concat('dashboard')) expect({ name, restart: services[name].restart }).toEqual({ name, restart: 'unless-stopped' });
    });
  });

  describe('dependencies', () => {
    const oneShot = ['create-bucket', 'seed'];

    it.each(ALL_SERVICES)('%s depends only on services that exist, with a condition they can meet', (name) => {
      for (const [dependency, condition] of Object.entries(dependenciesOf(services[name]))) {
        expect(ALL_SERVICES).toContain(dependency);
        if (condition === 'service_healthy') expect({ dependency, healthcheck: services[dependency].healthcheck?.test }).toEqual({ dependency, healthcheck: expect.anything() });
        else if (condition === 'service_completed_successfully') expect(oneShot).toContain(dependency);
        else expect(condition).toBe('service_started');
      }
    });

    it.each(WORKERS.concat('dashboard'))('%s waits for healthy Redis and PostgreSQL and for the bucket', (name) => {
      expect(dependenciesOf(services[name])).toEqual({
        redis: 'service_healthy',
        postgres: 'service_healthy',
        'create-bucket': 'service_completed_successfully',
      });
    });

    it('the bucket waits for a healthy MinIO, and seed for the bucket', () => {
      expect(dependenciesOf(services['create-bucket'])).toEqual({ minio: 'service_healthy' });
      expect(dependenciesOf(services.seed)).toEqual({ 'create-bucket': 'service_completed_successfully' });
    });
  });

  describe('Redis', () => {
    const redisCommand = commandOf(services.redis);
    const option = (name: string): string | undefined => redisCommand[redisCommand.indexOf(`--${name}`) + 1];

    it('keeps an append-only file and never evicts keys', () => {
      expect(redisCommand[0]).toBe('redis-server');
      expect(option('appendonly')).toBe('yes');
      expect(option('maxmemory-policy')).toBe('noeviction');
    });

    it('is the Redis every Spade service connects to', () => {
      for (const name of Object.keys(APP_SERVICES)) expect(loadSettings(appEnv(name)).redis.url).toBe('redis://redis:6379');
    });

    it('the queue prefix gives KEDA-style wait list {spade}:parse:wait (BullMQ key layout)', () => {
      const prefix = loadSettings(appEnv('parser')).queues.prefix;
      expect(new QueueKeys(prefix).getKeys('parse').wait).toBe('{spade}:parse:wait');
    });
  });

  describe('MinIO and the bucket', () => {
    const bucketCommand = commandOf(services['create-bucket']);
    const minioEnv = environmentOf(services.minio);
    const alias = new URL(environmentOf(services['create-bucket']).MC_HOST_local);

    it('create-bucket makes the bucket the Spade services use (mc mb, idempotent)', () => {
      expect(bucketCommand.slice(0, 2)).toEqual(['mb', '--ignore-existing']);
      const bucket = bucketCommand[2];
      expect(bucket).toBe('local/spade');
      for (const name of Object.keys(APP_SERVICES)) expect(`local/${loadSettings(appEnv(name)).s3.bucket}`).toBe(bucket);
    });

    it('mc, MinIO and Spade share one endpoint and key pair', () => {
      const s3 = loadSettings(appEnv('parser')).s3;
      expect(`${alias.protocol}//${alias.host}`).toBe(s3.endpoint);
      expect([alias.username, alias.password]).toEqual([minioEnv.MINIO_ROOT_USER, minioEnv.MINIO_ROOT_PASSWORD]);
      expect([s3.accessKeyId, s3.secretAccessKey]).toEqual([minioEnv.MINIO_ROOT_USER, minioEnv.MINIO_ROOT_PASSWORD]);
      expect(minioEnv.MINIO_ROOT_PASSWORD.length).toBeGreaterThanOrEqual(8); // MinIO refuses shorter ones
    });

    it('MinIO serves S3 on the port the endpoint names', () => {
      expect(commandOf(services.minio)).toEqual(['server', '/data', '--console-address', ':9001']);
      expect(loadSettings(appEnv('parser')).s3.endpoint).toBe('http://minio:9000');
    });
  });

  describe('PostgreSQL', () => {
    it('is the warehouse of every Spade service, with the user, password and database it creates', () => {
      const postgresEnv = environmentOf(services.postgres);
      for (const name of Object.keys(APP_SERVICES)) {
        const url = new URL(loadSettings(appEnv(name)).warehouse.url);
        expect({ name, host: url.host, user: url.username, password: url.password, db: url.pathname }).toEqual({
          name,
          host: 'postgres:5432',
          user: postgresEnv.POSTGRES_USER,
          password: postgresEnv.POSTGRES_PASSWORD,
          db: `/${postgresEnv.POSTGRES_DB}`,
        });
      }
    });

    it('takes its password from POSTGRES_PASSWORD when set', () => {
      const overridden = readComposeFile(COMPOSE_FILE, { POSTGRES_PASSWORD: 'n3w' });
      expect(environmentOf(overridden.services.postgres).POSTGRES_PASSWORD).toBe('n3w');
      expect(new URL(environmentOf(overridden.services.writer).SPADE_WAREHOUSE_URL).password).toBe('n3w');
    });
  });
});

describe('Compose interpolation (as the tests read docker-compose.yml)', () => {
  it.each([
    ['${A}', { A: 'x' }, 'x'],
    ['$A-b', { A: 'x' }, 'x-b'],
    ['${A:-d}', {}, 'd'],
    ['${A:-d}', { A: '' }, 'd'],
    ['${A-d}', { A: '' }, ''],
    ['${A-d}', {}, 'd'],
    ['${A:-${B:-inner}}', {}, 'inner'],
    ['$${A}', { A: 'x' }, '${A}'],
    ['cost: $$5', {}, 'cost: $5'],
    ['${MISSING}', {}, ''],
  ])('%s with %j is %j', (text, env, expected) => {
    expect(interpolate(text, env)).toBe(expected);
  });

  it('fails on ${VAR:?message} when VAR is empty', () => {
    expect(() => interpolate('${A:?set A}', { A: '' })).toThrow('A: set A');
  });
});

describe('Dockerfile', () => {
  const stages = readDockerfile(join(ROOT, 'Dockerfile'));
  const runtime = stages[stages.length - 1];
  const runs = (stage: (typeof stages)[number]): string[] => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  const last = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword).pop();

  it('builds in stages on node:20-bookworm-slim and ends with the runtime stage', () => {
    expect(stages.map((stage) => [stage.name, stage.from])).toEqual([
      ['manifests', 'node:20-bookworm-slim'],
      ['build', 'node:20-bookworm-slim'],
      ['runtime', 'node:20-bookworm-slim'],
    ]);
  });

  it('the build stage installs everything and builds with turbo', () => {
    const build = stages.find((stage) => stage.name === 'build')!;
    expect(runs(build).some((run) => /^npm ci\b/.test(run) && !run.includes('--omit'))).toBe(true);
    expect(runs(build).some((run) => run.includes('turbo run build'))).toBe(true);
  });

  it('the build stage builds the libdeflate binding with a C toolchain, and the runtime ships the binding alone', () => {
    const build = stages.find((stage) => stage.name === 'build')!;
    const script = runs(build).join('\n');
    expect(script).toMatch(/apt-get install -y --no-install-recommends python3 make g\+\+/);
    expect(script).toContain('npm rebuild --foreground-scripts @spade/gzip');
    expect(script).toContain('test -f packages/gzip/build/Release/spade_gzip.node');
    expect(script).toContain('cp packages/gzip/build/Release/spade_gzip.node /out/packages/gzip/build/Release/');
    // The rebuild needs the sources: it runs after they are copied in.
    const instructions = build.instructions.map((i) => `${i.keyword} ${i.args}`);
    expect(instructions.findIndex((i) => i.includes('npm rebuild'))).toBeGreaterThan(instructions.indexOf('COPY . .'));
    expect(runs(runtime).join('\n')).not.toMatch(/g\+\+|node-gyp/);
    // Where the binding lands is where @spade/gzip looks for it.
    expect(readFileSync(join(ROOT, 'packages', 'gzip', 'binding.gyp'), 'utf8')).toContain('"target_name": "spade_gzip"');
    expect(relative(join(ROOT, 'packages', 'gzip'), BINDING_PATH)).toBe('build/Release/spade_gzip.node');
  });

  it('the runtime stage installs production dependencies only, keeping optional ones', () => {
    const installs = runs(runtime).filter((run) => run.includes('npm ci'));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toContain('npm ci --omit=dev');
    expect(stages.flatMap(runs).join('\n')).not.toContain('--omit=optional');
  });

  it('runs as an unprivileged user', () => {
    expect(last('USER')?.args).toBe('node');
  });

  it('starts node in exec form so SIGTERM reaches it, with --help by default', () => {
    expect(execForm(last('ENTRYPOINT'))).toEqual(['node', 'apps/cli/bin/spade.js']);
    expect(execForm(last('CMD'))).toEqual(['--help']);
    expect(existsSync(join(ROOT, 'apps', 'cli', 'bin', 'spade.js'))).toBe(true);
  });

  it('ships the fixtures its default settings point at', () => {
    const copies = runtime.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toContain('fixtures/ ./fixtures/');
    const env = envOf(runtime);
    const inRepo = (path: string | undefined): string => join(ROOT, (path ?? '').replace(/^\/app\//, ''));
    expect(env.get('SPADE_TABLE_CONFIG')).toBe('/app/fixtures/spade/latest/table_config.json');
    expect(existsSync(inRepo(env.get('SPADE_TABLE_CONFIG')))).toBe(true);
    expect(env.get('SPADE_GEOIP_DIR')).toBe('/app/fixtures/geoip');
    expect(existsSync(join(inRepo(env.get('SPADE_GEOIP_DIR')), 'GeoIP2-City-Test.mmdb'))).toBe(true);
    expect([...env.keys()].filter((key) => key.startsWith('SPADE_') && !KNOWN_SETTINGS.has(key))).toEqual([]);
  });

  it('the workdir /app is what the default settings assume', () => {
    expect(last('WORKDIR')?.args).toBe('/app');
  });

  it('.dockerignore keeps dependencies, build output, git and secrets out of the context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.env']));
  });
});
