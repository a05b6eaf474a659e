import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /**
   * Secret values (passwords, secret keys) that must never appear in a log line. Any that slips
   * through (inside an error message, say) is replaced as the line is written. Values shorter than
   * MIN_SCRUBBED_SECRET_LENGTH are left alone: replacing them would mangle ordinary text.
   */
  secrets?: readonly string[];
  /** Where lines go (default stdout); for tests. */
  destination?: DestinationStream;
}

export const MIN_SCRUBBED_SECRET_LENGTH = 4;
const REDACTED = '[redacted]';

/** Fields that could carry credentials or row payloads, wherever a log call puts them. */
const REDACTED_PATHS = [
  'password', 'secretAccessKey', 'secret', 'connectionString', 'url', 'authorization', 'credentials',
  'gzip', 'row', 'raw', 'rawBase64', 'record', 'data',
].flatMap((key) => [key, `*.${key}`]);

/**
 * Structured JSON logs for every process. Credentials and row payloads never belong in a log:
 * fields that could carry them are redacted wherever they appear, errors are logged through
 * `safeError`, and known secret values are scrubbed from every line.
 */
export function createLogger(app: string, level = 'info', options: LoggerOptions = {}): Logger {
  const scrub = secretScrubber(options.secrets ?? []);
  const settings: pino.LoggerOptions = {
    level,
    base: { app, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    serializers: { err: safeError, error: safeError },
    ...(scrub ? { hooks: { streamWrite: scrub } } : {}),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** Replaces each secret (and its JSON-escaped form) in a serialized line. */
export function secretScrubber(secrets: readonly string[]): ((line: string) => string) | null {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SCRUBBED_SECRET_LENGTH) continue;
    needles.add(secret);
    needles.add(JSON.stringify(secret).slice(1, -1));
  }
  if (needles.size === 0) return null;
  const list = [...needles].sort((a, b) => b.length - a.length);
  return (line) => {
    for (const needle of list) if (line.includes(needle)) line = line.split(needle).join(REDACTED);
    return line;
  };
}

/** The password of a URL, as written and percent-decoded ([] when it has none or does not parse). */
export function urlPasswords(url: string): string[] {
  let password: string;
  try {
    password = new URL(url).password;
  } catch {
    return [];
  }
  if (password === '') return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // keep the raw form only
  }
  return decoded === password ? [password] : [password, decoded];
}

export interface LoggedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

/**
 * What is logged of an error: its type, message, code and stack, never its other fields (a pg
 * error's `detail` and `where` quote row values; an SDK error carries request metadata). The
 * message of an error raised while COPYing rows quotes the offending value: those quotes are elided.
 */
export function safeError(error: unknown): LoggedError | unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? error : String(error);
  const fields = error as Error & { code?: unknown; where?: unknown };
  const code = typeof fields.code === 'string' || typeof fields.code === 'number' ? String(fields.code) : undefined;
  const rowData = typeof fields.where === 'string' && fields.where.includes('COPY');
  const logged: LoggedError = { type: error.name, message: rowData ? elideQuoted(error.message) : error.message };
  if (code !== undefined) logged.code = code;
  if (!rowData && error.stack) logged.stack = error.stack;
  return logged;
}

function elideQuoted(text: string): string {
  return text.replace(/"[^"]*"/g, '"…"');
}
