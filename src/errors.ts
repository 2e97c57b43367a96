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
