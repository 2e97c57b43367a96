// The two languages questions and answers come in, and how a question's language is told.
import { countHan } from './han.js';

/** The language of a question or an answer: Chinese or English. */
export type Language = 'zh' | 'en';

const LATIN_WORD = /[A-Za-z]{2,}/g;

/** 'zh' when Chinese characters carry the question, 'en' otherwise. */
export function detectLanguage(question: string): Language {
  const han = countHan(question);
  const latinWords = question.match(LATIN_WORD)?.length ?? 0;
  return han >= 2 && han >= latinWords ? 'zh' : 'en';
}
