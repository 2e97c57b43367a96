// The answer every surface shows: text with [n] markers and the numbered sources behind them.

export interface Citation {
  /** The number used in the text as [n]. */
  n: number;
  articleId: string;
  title: string;
  publisher: string | undefined;
  date: string | undefined;
  url: string | undefined;
  /** The article's file path relative to DOCS_DIR. */
  file: string;
  /** The quoted passage(s) of this article the answer relies on. */
  passage: string;
}

export type AnswerStatus = 'answered' | 'not-found' | 'invalid';

export interface Answer {
  status: AnswerStatus;
  question: string;
  language: 'zh' | 'en';
  /** The answer text; every claim ends with its [n]. */
  text: string;
  citations: Citation[];
}
