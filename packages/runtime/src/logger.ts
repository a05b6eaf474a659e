import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs for every process. Credentials and row payloads never belong in a log:
 * fields that could carry them are redacted wherever they appear.
 */
export function createLogger(app: string, level = 'info'): Logger {
  return pino({
    level,
    base: { app, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'secretAccessKey', '*.secretAccessKey', 'url', '*.url', 'gzip', '*.gzip', 'row', '*.row', 'raw', '*.raw'],
      censor: '[redacted]',
    },
  });
}
