// One vocabulary of error codes, and the one function that turns a code into the text a user sees.
// Logs get the error and its cause; users get userMessage(code), never a stack or a secret.

export type ErrorCode =
  | 'config_invalid'
  | 'docs_dir_missing'
  | 'docs_dir_empty'
  | 'index_build_failed'
  | 'index_corrupt'
  | 'embeddings_failed'
  | 'question_empty'
  | 'question_too_long'
  | 'index_busy'
  | 'article_invalid'
  | 'rate_limited'
  | 'admin_only'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

const USER_MESSAGES: Record<ErrorCode, string> = {
  config_invalid: 'The bot is not configured correctly. 配置有误，请联系管理员。',
  docs_dir_missing: 'The article folder does not exist. 文章目录不存在。',
  docs_dir_empty: 'There are no readable articles to index yet. 还没有可索引的文章。',
  index_build_failed: 'Building the index failed; the previous index is still in use. 索引重建失败，仍在使用原索引。',
  index_corrupt: 'The saved index could not be read and will be rebuilt. 索引文件损坏，将重新构建。',
  embeddings_failed: 'The embedding model could not be loaded or failed. 向量模型加载失败。',
  question_empty: 'Please ask a question, e.g. “佳木斯一季度签约了多少项目？” 请输入问题。',
  question_too_long:
    'That message is too long to be a question; please ask in under 1,000 characters. 问题过长，请精简到1000字以内。',
  index_busy: 'A re-index is already running; please wait for it to finish. 索引正在重建，请稍候。',
  article_invalid:
    'That file is not an article I can read: send a .txt, .md or .html news article under 2 MB. 无法读取该文件，请发送2MB以内的 .txt、.md 或 .html 新闻稿。',
  rate_limited: 'You are asking faster than I can keep up; please wait a few seconds. 提问太频繁了，请稍等几秒。',
  admin_only: 'This command is for admins only. 此命令仅限管理员使用。',
  internal: 'Sorry, something went wrong on our side. Please try again. 抱歉，出了点问题，请稍后再试。',
};

/** The text a user sees for an error code (bilingual). */
export function userMessage(code: ErrorCode): string {
  return USER_MESSAGES[code];
}

/** The code of any thrown value: an AppError's own, otherwise `internal`. */
export function errorCode(error: unknown): ErrorCode {
  return error instanceof AppError ? error.code : 'internal';
}
