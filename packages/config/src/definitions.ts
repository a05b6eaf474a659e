/**
 * Every setting of every Spade process, in one table: where it lives in Settings, its
 * environment variable, what it means, its default and how it is checked. The convict schema
 * is built from this table, and so are the error messages and `spade config`.
 */
import {
  Check,
  anyText,
  integerAtLeast,
  keyPrefix,
  oneOf,
  pathOrS3Url,
  port,
  portOrZero,
  positiveInteger,
  requiredText,
  sqlIdentifier,
  urlWithScheme,
} from './checks';

export const DIALECTS = ['postgres', 'redshift'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const ON_OFF = ['on', 'off'] as const;

/** How a value is shown by `spade config`: secrets as ****, URLs with their password masked. */
export type Masking = 'none' | 'secret' | 'url';

export interface SettingDefinition {
  /** Dotted path in Settings (also the key path in the optional JSON config file). */
  path: string;
  env: string;
  doc: string;
  default: string | number;
  check: Check;
  /** Numbers are coerced from their env text. */
  integer?: boolean;
  masking?: Masking;
}

const MiB = 1024 * 1024;

export const DRAIN_TIMEOUT_LIMIT_MS = 30000;

export const SETTING_DEFINITIONS: readonly SettingDefinition[] = [
  {
    path: 'configFile', env: 'SPADE_CONFIG_FILE', default: '', check: anyText,
    doc: 'Optional JSON file with settings, keyed by these dotted names (e.g. {"s3":{"bucket":"logs"}}); environment variables override it.',
  },
  {
    path: 'redis.url', env: 'SPADE_REDIS_URL', default: 'redis://127.0.0.1:6379', masking: 'url',
    check: urlWithScheme(['redis:', 'rediss:']),
    doc: 'Redis connection for the BullMQ queues (redis:// or rediss://). Production Redis needs AOF on and maxmemory-policy noeviction.',
  },
  {
    path: 'queues.prefix', env: 'SPADE_QUEUE_PREFIX', default: '{spade}', check: requiredText,
    doc: 'Key prefix of every queue. The {hashtag} keeps all keys of a queue in one Redis Cluster slot.',
  },
  {
    path: 'queues.lockMs', env: 'SPADE_JOB_LOCK_MS', default: 30000, integer: true, check: positiveInteger,
    doc: 'How long a worker holds a job without renewing its lock. A job whose worker died is retried after about this long.',
  },
  {
    path: 's3.endpoint', env: 'SPADE_S3_ENDPOINT', default: '', masking: 'url',
    check: urlWithScheme(['http:', 'https:'], true),
    doc: 'S3 endpoint URL for MinIO or a local S3 server (path-style addressing is used then). Empty means AWS S3.',
  },
  {
    path: 's3.region', env: 'SPADE_S3_REGION', default: 'us-east-1', check: requiredText,
    doc: 'Region of the bucket (also passed to Redshift COPY as the region of the files).',
  },
  {
    path: 's3.accessKeyId', env: 'SPADE_S3_ACCESS_KEY_ID', default: '', check: anyText,
    doc: 'S3 access key id. Empty means the default AWS credential chain (instance role, web identity, ...).',
  },
  {
    path: 's3.secretAccessKey', env: 'SPADE_S3_SECRET_ACCESS_KEY', default: '', check: anyText, masking: 'secret',
    doc: 'S3 secret access key; set together with SPADE_S3_ACCESS_KEY_ID.',
  },
  {
    path: 's3.bucket', env: 'SPADE_S3_BUCKET', default: '', check: requiredText,
    doc: 'Required. Bucket holding the edge logs, the batch files, rejects and non-tracked events.',
  },
  {
    path: 's3.inputPrefix', env: 'SPADE_INPUT_PREFIX', default: 'edge/', check: keyPrefix,
    doc: 'Key prefix of the edge log objects the scheduler picks up.',
  },
  {
    path: 's3.outputPrefix', env: 'SPADE_OUTPUT_PREFIX', default: 'batches/', check: keyPrefix,
    doc: 'Key prefix of the gzip TSV batch files (and manifests) the writers load. Must not lie under the input prefix.',
  },
  {
    path: 's3.rejectsPrefix', env: 'SPADE_REJECTS_PREFIX', default: 'rejects/', check: keyPrefix,
    doc: 'Key prefix of reject records (bad lines with their reason and position).',
  },
  {
    path: 's3.nontrackedPrefix', env: 'SPADE_NONTRACKED_PREFIX', default: 'nontracked/', check: keyPrefix,
    doc: 'Key prefix of events whose name has no table in the table config.',
  },
  {
    path: 'warehouse.url', env: 'SPADE_WAREHOUSE_URL', default: '', masking: 'url',
    check: urlWithScheme(['postgres:', 'postgresql:']),
    doc: 'Required. Connection string of the warehouse (PostgreSQL or Redshift, both spoken with the pg client): postgres://user:password@host:port/db.',
  },
  {
    path: 'warehouse.dialect', env: 'SPADE_WAREHOUSE_DIALECT', default: 'postgres', check: oneOf(DIALECTS),
    doc: 'postgres: batches are streamed from S3 into COPY FROM STDIN. redshift: COPY FROM an S3 manifest.',
  },
  {
    path: 'warehouse.schema', env: 'SPADE_WAREHOUSE_SCHEMA', default: 'public', check: sqlIdentifier,
    doc: 'Schema of the event tables and the ledgers.',
  },
  {
    path: 'redshift.iamRole', env: 'SPADE_REDSHIFT_IAM_ROLE', default: '', check: anyText,
    doc: 'IAM role ARN Redshift assumes to read the batch files (dialect redshift: this or the key pair).',
  },
  {
    path: 'redshift.accessKeyId', env: 'SPADE_REDSHIFT_ACCESS_KEY_ID', default: '', check: anyText,
    doc: 'Access key id Redshift uses to read the batch files, instead of an IAM role.',
  },
  {
    path: 'redshift.secretAccessKey', env: 'SPADE_REDSHIFT_SECRET_ACCESS_KEY', default: '', check: anyText,
    masking: 'secret', doc: 'Secret access key for SPADE_REDSHIFT_ACCESS_KEY_ID.',
  },
  {
    path: 'tableConfig', env: 'SPADE_TABLE_CONFIG', default: '', check: pathOrS3Url,
    doc: 'Required. Path or s3://bucket/key URL of table_config.json (the tables, their columns and transformers).',
  },
  {
    path: 'geoipDir', env: 'SPADE_GEOIP_DIR', default: '', check: anyText,
    doc: 'Folder with the MaxMind .mmdb databases (City, ASN). Empty means no GeoIP: ip* columns stay empty.',
  },
  {
    path: 'scheduler.scanIntervalMs', env: 'SPADE_SCAN_INTERVAL_MS', default: 10000, integer: true,
    check: positiveInteger, doc: 'How often the scheduler lists the input prefix for new objects (ms).',
  },
  {
    path: 'scheduler.chunkBytes', env: 'SPADE_CHUNK_BYTES', default: 32 * MiB, integer: true,
    check: integerAtLeast(65536),
    doc: 'Plain (uncompressed) input files are split into byte ranges of this size, one parse job each (a gzip stream cannot be split).',
  },
  {
    path: 'parser.concurrency', env: 'SPADE_PARSER_CONCURRENCY', default: 2, integer: true, check: positiveInteger,
    doc: 'Parse jobs one parser process runs at once (parsing is CPU-bound; 2 overlaps S3 reads with decoding).',
  },
  {
    path: 'parser.partMaxBytes', env: 'SPADE_PART_MAX_BYTES', default: 1 * MiB, integer: true,
    check: positiveInteger,
    doc: 'Largest part (rows of one table from one chunk) a parser puts on a load queue before starting another part.',
  },
  {
    path: 'writer.batchMaxBytes', env: 'SPADE_BATCH_MAX_BYTES', default: 64 * MiB, integer: true,
    check: positiveInteger, doc: 'A writer flushes a table batch once its parts reach this many bytes (uncompressed).',
  },
  {
    path: 'writer.batchMaxAgeMs', env: 'SPADE_BATCH_MAX_AGE_MS', default: 30000, integer: true,
    check: positiveInteger, doc: 'A writer flushes a table batch once its oldest part waited this long (ms).',
  },
  {
    path: 'writer.loadAttempts', env: 'SPADE_LOAD_ATTEMPTS', default: 5, integer: true, check: positiveInteger,
    doc: 'Attempts of a load job (COPY into the warehouse) before it is marked failed.',
  },
  {
    path: 'writer.concurrency', env: 'SPADE_WRITER_CONCURRENCY', default: 4, integer: true, check: positiveInteger,
    doc: 'Table batches one writer process builds and loads at once (loads of one table are serialized anyway).',
  },
  {
    path: 'drainTimeoutMs', env: 'SPADE_DRAIN_TIMEOUT_MS', default: 20000, integer: true,
    check: integerAtLeast(1, DRAIN_TIMEOUT_LIMIT_MS - 1),
    doc: 'On SIGTERM a process stops taking jobs and waits this long for running ones (a writer also loads what it holds), then exits: 0 if drained, 1 if it had to abandon work. Keep it below the 30 s Kubernetes grace period.',
  },
  {
    path: 'metrics.port', env: 'SPADE_METRICS_PORT', default: 9464, integer: true, check: portOrZero,
    doc: 'Port of /metrics (Prometheus), /healthz and /readyz of the scheduler, parser and writer; 0 turns the server off. Processes on one machine each need their own port.',
  },
  {
    path: 'log.level', env: 'SPADE_LOG_LEVEL', default: 'info', check: oneOf(LOG_LEVELS),
    doc: 'Least severe log level written.',
  },
  {
    path: 'dashboard.port', env: 'SPADE_DASHBOARD_PORT', default: 3000, integer: true, check: port,
    doc: 'Port of the dashboard (Bull Board, pipeline status, /metrics, /healthz).',
  },
  {
    path: 'dashboard.user', env: 'SPADE_DASHBOARD_USER', default: '', check: anyText,
    doc: 'Dashboard user with full rights (retry, remove jobs). Needed when the dashboard runs with auth on.',
  },
  {
    path: 'dashboard.password', env: 'SPADE_DASHBOARD_PASSWORD', default: '', check: anyText, masking: 'secret',
    doc: 'Password of SPADE_DASHBOARD_USER.',
  },
  {
    path: 'dashboard.auth', env: 'SPADE_DASHBOARD_AUTH', default: 'on', check: oneOf(ON_OFF),
    doc: 'on: the dashboard asks for a user and password (login page, session cookie). off: only for a dashboard bound to a trusted network.',
  },
  {
    path: 'dashboard.readonlyUser', env: 'SPADE_DASHBOARD_READONLY_USER', default: '', check: anyText,
    doc: 'Optional dashboard user that can look but not change anything.',
  },
  {
    path: 'dashboard.readonlyPassword', env: 'SPADE_DASHBOARD_READONLY_PASSWORD', default: '', check: anyText,
    masking: 'secret', doc: 'Password of SPADE_DASHBOARD_READONLY_USER.',
  },
];

export const DEFINITION_BY_PATH: ReadonlyMap<string, SettingDefinition> = new Map(
  SETTING_DEFINITIONS.map((definition) => [definition.path, definition]),
);
