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

/** Errors as logged: name, message and stack with secrets scrubbed, and their cause. */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return {
    type: error.name,
    message: scrubSecrets(error.message),
    stack: error.stack ? scrubSecrets(error.stack) : undefined,
    ...(error.cause !== undefined ? { cause: serializeError(error.cause) } : {}),
  };
}

/** Creates the root logger; `level` is a pino level such as `info` or `silent`. */
export function createLogger(level = 'info'): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
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

const knownSecrets = new Set<string>();

/** Remembers a secret (bot token, API key) so scrubSecrets removes it wherever it shows up. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 8) knownSecrets.add(secret);
}

/** Removes known secrets and anything that looks like a bot token or bearer key from a message. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const secret of knownSecrets) scrubbed = scrubbed.split(secret).join('[redacted]');
  return scrubbed
    .replace(/\d{3,}:[A-Za-z0-9_-]{20,}/g, '[redacted-token]')
    .replace(/(Bearer\s+)[A-Za-z0-9._-]+/gi, '$1[redacted]')
    .replace(/sk-[A-Za-z0-9_-]{10,}/g, '[redacted-key]');
}
