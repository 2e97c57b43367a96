// Hybrid search: dense (HNSW) and keyword (BM25) results fused by reciprocal rank, boosted by the
// places and period the question names, at most five passages per article.
import type { Embedder } from '../vector-store/embeddings.js';
import { embedQuestion } from '../vector-store/embeddings.js';
import type { ArticleRecord, IndexedChunk, LoadedIndex } from '../vector-store/store.js';
import { daysOutside, publishedInWindow } from './periods.js';
import type { QuestionUnderstanding } from './understand.js';

export interface Passage {
  chunk: IndexedChunk;
  article: ArticleRecord;
  /** Fused and boosted score; higher is better. */
  score: number;
  /** Cosine similarity of the question and the chunk (0 when dense search did not return it). */
  similarity: number;
  /** BM25 score (0 when keyword search did not return it). */
  keywordScore: number;
  /** Names of the question found in the chunk or, failing that, elsewhere in its article. */
  namesInChunk: string[];
  namesInArticle: string[];
  /** Whether the article's date fits the question's period (undefined when either is unknown). */
  inPeriod: boolean | undefined;
}

export interface SearchOptions {
  /** Passages returned. Default 10. */
  limit?: number;
  /** Candidates taken from each of dense and keyword search. Default 40. */
  candidates?: number;
  /** At most this many passages per article. Default 5. */
  perArticle?: number;
}

/** Reciprocal-rank-fusion constant: damps the weight of top ranks. */
const RRF_K = 60;

const articleTexts = new WeakMap<LoadedIndex, Map<string, string>>();

/** The whole indexed text of each article (title and chunks), for "does the article name X". */
export function articleText(index: LoadedIndex, articleId: string): string {
  let texts = articleTexts.get(index);
  if (!texts) {
    texts = new Map();
    for (const chunk of index.chunks) {
      const id = chunk.metadata.articleId;
      texts.set(id, (texts.get(id) ?? chunk.metadata.title) + '\n' + chunk.text);
    }
    articleTexts.set(index, texts);
  }
  return texts.get(articleId) ?? '';
}

export async function searchPassages(
  index: LoadedIndex,
  embedder: Embedder,
  understanding: QuestionUnderstanding,
  options: SearchOptions = {},
): Promise<Passage[]> {
  const passages = await searchOnce(index, embedder, understanding, options);
  // Each side of a comparison is searched on its own too: the passages about one side must not
  // crowd out those about the other.
  for (const side of understanding.sides) {
    const found = await searchOnce(index, embedder, side, { ...options, limit: SIDE_PASSAGES });
    for (const passage of found) {
      if (!passages.some((p) => p.chunk.metadata.chunkId === passage.chunk.metadata.chunkId)) passages.push(passage);
    }
  }
  return passages;
}

/** Passages added for each side of a comparison. */
const SIDE_PASSAGES = 4;

/** A chunk's place in the fused ranking. */
interface Fused {
  rrf: number;
  similarity: number;
  keywordScore: number;
}

/** Dense and keyword hits fused by reciprocal rank, keyed by chunk label. */
async function fuseHits(
  index: LoadedIndex,
  embedder: Embedder,
  understanding: QuestionUnderstanding,
  candidates: number,
): Promise<Map<number, Fused>> {
  const vector = await embedQuestion(embedder, understanding.searchText);
  const dense = await index.nearest(vector, candidates);
  const fused = new Map<number, Fused>();
  const entry = (label: number): Fused => {
    let value = fused.get(label);
    if (!value) {
      value = { rrf: 0, similarity: 0, keywordScore: 0 };
      fused.set(label, value);
    }
    return value;
  };
  dense.forEach(({ label, similarity }, rank) => {
    const value = entry(label);
    value.rrf += 1 / (RRF_K + rank + 1);
    value.similarity = similarity;
  });
  index.keywords.search(understanding.terms, candidates, understanding.weights).forEach((hit, rank) => {
    const value = entry(hit.doc);
    value.rrf += 1 / (RRF_K + rank + 1);
    value.keywordScore = hit.score;
  });
  return fused;
}

/** A fused hit as a passage, its score boosted by the names and the period it speaks to. */
function toPassage(
  index: LoadedIndex,
  understanding: QuestionUnderstanding,
  label: number,
  value: Fused,
): Passage | undefined {
  const chunk = index.chunks[label];
  if (!chunk) return undefined;
  const article = index.articles.get(chunk.metadata.articleId);
  if (!article) return undefined;
  const names = understanding.names.map((n) => n.name);
  const chunkText = `${chunk.metadata.title}\n${chunk.text}`;
  const whole = articleText(index, article.id);
  const namesInChunk = names.filter((name) => chunkText.includes(name));
  const namesInArticle = names.filter((name) => whole.includes(name));
  const period = understanding.period;
  // An article dated outside the period still speaks for it when the passage names its year (a
  // plan written years before, with targets for the asked year): then the date says nothing.
  const namesYear = period?.year !== undefined && chunkText.includes(`${period.year}年`);
  const published = period ? publishedInWindow(period, article.date) : undefined;
  const inPeriod = published === false && namesYear ? undefined : published;
  let boost = 1;
  if (names.length > 0) {
    boost *= 1 + (0.6 * namesInChunk.length + 0.3 * (namesInArticle.length - namesInChunk.length)) / names.length;
    if (namesInArticle.length === 0) boost *= 0.6;
  }
  if (period) {
    if (inPeriod === true) boost *= 1.3;
    if (inPeriod === false) boost *= Math.abs(daysOutside(period, article.date) ?? 0) > 400 ? 0.35 : 0.7;
    if (period.terms.some((term) => chunk.text.includes(term))) boost *= 1.2;
  }
  return {
    chunk,
    article,
    score: value.rrf * boost,
    similarity: value.similarity,
    keywordScore: value.keywordScore,
    namesInChunk,
    namesInArticle,
    inPeriod,
  };
}

async function searchOnce(
  index: LoadedIndex,
  embedder: Embedder,
  understanding: QuestionUnderstanding,
  options: SearchOptions,
): Promise<Passage[]> {
  const limit = options.limit ?? 10;
  const candidates = Math.min(options.candidates ?? 40, index.chunks.length);
  const perArticle = options.perArticle ?? 5;
  if (candidates === 0) return [];
  const fused = await fuseHits(index, embedder, understanding, candidates);
  const scored: Passage[] = [];
  for (const [label, value] of fused) {
    const passage = toPassage(index, understanding, label, value);
    if (passage) scored.push(passage);
  }
  scored.sort((a, b) => b.score - a.score || a.chunk.label - b.chunk.label);
  const taken = new Map<string, number>();
  const passages: Passage[] = [];
  for (const passage of scored) {
    const count = taken.get(passage.article.id) ?? 0;
    if (count >= perArticle) continue;
    taken.set(passage.article.id, count + 1);
    passages.push(passage);
    if (passages.length >= limit) break;
  }
  return passages;
}
