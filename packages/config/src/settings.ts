/**
 * loadSettings: defaults, then the optional JSON config file, then environment variables
 * (convict's order), then every check. All problems are reported at once, each naming its
 * environment variable.
 */
import { readFileSync } from 'node:fs';
import convict from 'convict';
import { maskUrlPassword } from './checks';
import { DIALECTS, LOG_LEVELS, ON_OFF, SETTING_DEFINITIONS, SettingDefinition } from './definitions';
import { SettingProblem, SettingsError } from './errors';
import { crossSettingProblems } from './rules';
import { SETTINGS_SCHEMA } from './schema';

export type WarehouseDialect = (typeof DIALECTS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
export type OnOff = (typeof ON_OFF)[number];

export interface S3Settings {
  /** Empty string means AWS S3. */
  endpoint: string;
  region: string;
  /** Empty means the default AWS credential chain. */
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  inputPrefix: string;
  outputPrefix: string;
  rejectsPrefix: string;
  nontrackedPrefix: string;
}

export interface Settings {
  configFile: string;
  redis: { url: string };
  queues: { prefix: string; lockMs: number };
  s3: S3Settings;
  warehouse: { url: string; dialect: WarehouseDialect; schema: string };
  redshift: { iamRole: string; accessKeyId: string; secretAccessKey: string };
  tableConfig: string;
  geoipDir: string;
  scheduler: { scanIntervalMs: number; chunkBytes: number };
  parser: { concurrency: number; partMaxBytes: number };
  writer: { batchMaxBytes: number; batchMaxAgeMs: number; loadAttempts: number; concurrency: number };
  drainTimeoutMs: number;
  metrics: { port: number };
  log: { level: LogLevel };
  dashboard: {
    port: number;
    user: string;
    password: string;
    auth: OnOff;
    readonlyUser: string;
    readonlyPassword: string;
  };
}

export interface LoadSettingsOptions {
  /** JSON config file; overrides SPADE_CONFIG_FILE. */
  file?: string;
}

export type Environment = Record<string, string | undefined>;

/** The part of convict's Config used here (its generic path types are too deep for our schema). */
interface LoadedConfig {
  load(values: object): unknown;
  set(path: string, value: unknown): unknown;
  getProperties(): unknown;
  validate(options: convict.ValidateOptions): unknown;
}

export function loadSettings(env: Environment = process.env, options: LoadSettingsOptions = {}): Settings {
  // convict falls back to process.env / process.argv when given nothing; pin both.
  const config = convict(SETTINGS_SCHEMA as convict.Schema<unknown>, { env: { ...env }, args: [] }) as unknown as LoadedConfig;
  const file = options.file ?? env.SPADE_CONFIG_FILE ?? '';
  if (file !== '') {
    config.load(readConfigFile(file));
    config.set('configFile', file);
  }

  const values = config.getProperties() as unknown as Settings;
  const problems = [...fieldProblems(values)];
  if (problems.length === 0) problems.push(...crossSettingProblems(values));
  if (problems.length === 0 && file !== '') problems.push(...undeclaredKeyProblems(config, file));
  if (problems.length > 0) throw new SettingsError(problems);
  return values;
}

function readConfigFile(file: string): object {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    // Name the fs error code only: a JSON syntax error message quotes file content (secrets).
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code ?? 'not valid JSON';
    throw new SettingsError([{ env: 'SPADE_CONFIG_FILE', message: `SPADE_CONFIG_FILE cannot be read as JSON (${file}: ${reason})` }]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SettingsError([{ env: 'SPADE_CONFIG_FILE', message: `SPADE_CONFIG_FILE must hold a JSON object (${file})` }]);
  }
  return parsed;
}

function* fieldProblems(values: Settings): Generator<SettingProblem> {
  for (const definition of SETTING_DEFINITIONS) {
    const value = valueAt(values, definition.path);
    const problem = definition.check(value);
    if (problem !== null) yield { env: definition.env, message: describeProblem(definition, problem, value) };
  }
}

function describeProblem(definition: SettingDefinition, problem: string, value: unknown): string {
  const sentence = `${definition.env} ${problem}`;
  if (problem === 'is required' || definition.masking === 'secret') return sentence;
  const shown = typeof value === 'string' && definition.masking === 'url' ? maskUrlPassword(value) : value;
  return `${sentence} (got ${JSON.stringify(shown)})`;
}

function undeclaredKeyProblems(config: LoadedConfig, file: string): SettingProblem[] {
  try {
    config.validate({ allowed: 'strict', output: () => undefined });
    return [];
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/\n/g, '; ') : String(error);
    return [{ env: 'SPADE_CONFIG_FILE', message: `SPADE_CONFIG_FILE ${file} has settings this version does not know: ${detail}` }];
  }
}

export function valueAt(values: Settings, path: string): unknown {
  let node: unknown = values;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}
