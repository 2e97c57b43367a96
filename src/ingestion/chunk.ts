// Cuts an article's clean text into chunks at Chinese sentence ends and paragraph breaks, a few
// hundred characters each with a one-sentence overlap, keeping exact character offsets.
// (LangChain's RecursiveCharacterTextSplitter moves a kept separator such as "。" to the start of
// the next chunk and trims whitespace, which breaks both Chinese sentences and offsets.)
import { createHash } from 'node:crypto';
import { sentenceSpans, type Span } from '../text/sentences.js';
import type { Article, Chunk } from './types.js';

export interface ChunkOptions {
  /** Longest chunk in characters. Default 360. */
  maxChars?: number;
  /** Characters of the previous chunk repeated at the start of the next, at most. Default 90. */
  overlapChars?: number;
}

const CLAUSE_END = /[，、,：:]/g;

/** Splits a span longer than `max` at clause marks, or hard at `max` when there are none. */
function splitLong(text: string, span: Span, max: number): Span[] {
  if (span.end - span.start <= max) return [span];
  const pieces: Span[] = [];
  let start = span.start;
  while (span.end - start > max) {
    const window = text.slice(start, start + max);
    let cut = -1;
    for (const match of window.matchAll(CLAUSE_END)) {
      if (match.index > max / 3) cut = match.index + 1;
    }
    const end = cut > 0 ? start + cut : start + max;
    pieces.push({ start, end });
    start = end;
  }
  pieces.push({ start, end: span.end });
  return pieces;
}

/** Chunk spans over `text`: sentences packed up to `maxChars`, with sentence overlap. */
export function chunkSpans(text: string, options: ChunkOptions = {}): Span[] {
  const max = options.maxChars ?? 360;
  const overlap = options.overlapChars ?? 90;
  const sentences = sentenceSpans(text).flatMap((span) => splitLong(text, span, max));
  const chunks: Span[] = [];
  let i = 0;
  while (i < sentences.length) {
    const first = sentences[i];
    if (!first) break;
    let j = i;
    while (j + 1 < sentences.length && (sentences[j + 1]?.end ?? 0) - first.start <= max) j += 1;
    const last = sentences[j] ?? first;
    chunks.push({ start: first.start, end: last.end });
    if (j + 1 >= sentences.length) break;
    // Start the next chunk with the trailing sentences that fit in the overlap, but always move on.
    let next = j + 1;
    while (next - 1 > i && last.end - (sentences[next - 1]?.start ?? 0) <= overlap) next -= 1;
    i = next;
  }
  return chunks;
}

/** The text a chunk is embedded and keyword-indexed with: title and date give it context. */
export function contextPrefix(article: Pick<Article, 'title' | 'date'>): string {
  return article.date ? `${article.title}（${article.date}）\n` : `${article.title}\n`;
}

export function chunkArticle(article: Article, options: ChunkOptions = {}): Chunk[] {
  const prefix = contextPrefix(article);
  return chunkSpans(article.text, options).map((span, index) => {
    const text = article.text.slice(span.start, span.end);
    const embedText = prefix + text;
    return {
      text,
      embedText,
      hash: createHash('sha256').update(embedText).digest('hex'),
      metadata: {
        chunkId: `${article.id}:${index}`,
        articleId: article.id,
        file: article.file,
        title: article.title,
        date: article.date,
        publisher: article.publisher,
        url: article.url,
        start: span.start,
        end: span.end,
      },
    };
  });
}
