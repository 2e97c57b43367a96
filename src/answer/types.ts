// The answer every surface shows: text with [n] markers and the numbered sources behind them.
import type { Article } from '../ingestion/types.js';
import type { Language } from '../text/language.js';

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
  language: Language;
  /** The answer text; every claim ends with its [n]. */
  text: string;
  citations: Citation[];
}

/** What a citation tells of its article. */
export type CitedArticle = Pick<Article, 'id' | 'title' | 'publisher' | 'date' | 'url' | 'file'>;

/** Citation number `n` of an article, quoting `passage`. */
export function citeArticle(n: number, article: CitedArticle, passage: string): Citation {
  return {
    n,
    articleId: article.id,
    title: article.title,
    publisher: article.publisher,
    date: article.date,
    url: article.url,
    file: article.file,
    passage,
  };
}
