// pino logger writing JSON lines to stderr (stdout stays free for answers and --json output).
// Secrets are redacted by key; callers never log tokens or whole articles.
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACT_PATHS = [
  'token',
  'apiKey',
  'api_key',
  'authorization',
  'headers.authorization',
  '*.token',
  '*.apiKey',
  '*.authorization',
];

/** Creates the root logger; `level` is a pino level such as `info` or `silent`. */
export function createLogger(level = 'info'): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A child logger for one folder of the code, e.g. `logFor(root, 'ingestion')`. */
export function logFor(root: Logger, namespace: string): Logger {
  return root.child({ ns: namespace });
}

/** A logger that drops everything, for tests and library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** Removes anything that looks like a bot token or bearer key from a message before it is logged or shown. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '[redacted-token]')
    .replace(/(Bearer\s+)[A-Za-z0-9._-]+/gi, '$1[redacted]')
    .replace(/sk-[A-Za-z0-9_-]{10,}/g, '[redacted-key]');
}
