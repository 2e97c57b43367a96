// Sentence splitting, one splitter for two kinds of text: article text (cut into chunks and quoted
// by extractive answers) and generated answers (checked sentence by sentence with their [n]).

export interface Span {
  start: number;
  end: number;
}

/**
 * How sentences end.
 * - `article`: at Chinese and Latin sentence marks including semicolons, a run of them counting as
 *   one end and closing quotes or brackets staying with the sentence; and at paragraph breaks
 *   (blank lines). Single line breaks are wrapping, not ends.
 * - `answer`: at each of 。！？!?, at a full stop followed by a space or the end, and at every line
 *   break (models write one claim per line); the citation markers right after an end ("。[1][2]")
 *   stay with the sentence they close.
 */
export type SentenceStyle = 'article' | 'answer';

const ARTICLE_MARKS = '[。！？；!?;]+';
const CLOSING_QUOTES = '[”’」』）)】"\']*';
const PARAGRAPH_BREAK = '\\n{2,}';
const ARTICLE_END = new RegExp(`${ARTICLE_MARKS}${CLOSING_QUOTES}|${PARAGRAPH_BREAK}`, 'g');

const ANSWER_MARK = '[。！？!?]';
const FULL_STOP = '\\.(?=\\s|$)';
const CITATION_MARKERS = '(?:\\s*(?:\\[\\d+\\])+)?';
const ANSWER_END = new RegExp(`(?:${ANSWER_MARK}|${FULL_STOP}|\\n)${CITATION_MARKERS}`, 'g');

const ENDS: Record<SentenceStyle, RegExp> = { article: ARTICLE_END, answer: ANSWER_END };

/** Sentence spans of `text` (default style `article`), whitespace around each excluded, empty ones dropped. */
export function sentenceSpans(text: string, style: SentenceStyle = 'article'): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (from: number, to: number): void => {
    let s = from;
    let e = to;
    while (s < e && /\s/.test(text[s] ?? '')) s += 1;
    while (e > s && /\s/.test(text[e - 1] ?? '')) e -= 1;
    if (e > s) spans.push({ start: s, end: e });
  };
  for (const match of text.matchAll(ENDS[style])) {
    const end = match.index + match[0].length;
    push(start, end);
    start = end;
  }
  push(start, text.length);
  return spans;
}

/** The sentences of `text` as strings (default style `article`). */
export function splitSentences(text: string, style: SentenceStyle = 'article'): string[] {
  return sentenceSpans(text, style).map((span) => text.slice(span.start, span.end));
}
