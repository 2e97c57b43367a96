// One vocabulary of error codes and the error class that carries them. Logs get the error and its
// cause; users get userMessage(code) from src/messages.ts, never a stack or a secret.

export type ErrorCode =
  | 'config_invalid'
  | 'docs_dir_missing'
  | 'docs_dir_empty'
  | 'index_build_failed'
  | 'embeddings_failed'
  | 'question_empty'
  | 'question_too_long'
  | 'index_busy'
  | 'article_invalid'
  | 'rate_limited'
  | 'admin_only'
  | 'disk_full'
  | 'read_only'
  | 'permission_denied'
  | 'internal';

/** A failure the app knows how to describe: its code picks the text users see. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

/** The code of any thrown value: an AppError's own, otherwise `internal`. */
export function errorCode(error: unknown): ErrorCode {
  return error instanceof AppError ? error.code : 'internal';
}

/** File-system failures users can act on, by the errno Node gives them. */
const FILE_ERRORS: Readonly<Record<string, { code: ErrorCode; reason: string }>> = {
  ENOSPC: { code: 'disk_full', reason: 'no space left on the device' },
  EDQUOT: { code: 'disk_full', reason: 'the disk quota is used up' },
  EROFS: { code: 'read_only', reason: 'the file system is read-only' },
  EACCES: { code: 'permission_denied', reason: 'permission denied' },
  EPERM: { code: 'permission_denied', reason: 'operation not permitted' },
};

/**
 * A Node file-system error as an AppError naming the operation and its target (the errno error kept
 * as its cause), when it is one users can act on: a full disk, a read-only or forbidden folder.
 * Anything else is returned unchanged.
 */
export function fileSystemError(error: unknown, operation: string, target: string): unknown {
  if (error instanceof AppError) return error;
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  const known = typeof errno === 'string' ? FILE_ERRORS[errno] : undefined;
  if (!known) return error;
  return new AppError(known.code, `${operation} ${target} failed: ${known.reason} (${errno})`, { cause: error });
}
