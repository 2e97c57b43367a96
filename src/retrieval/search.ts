// Hybrid search: dense (HNSW) and keyword (BM25) results fused by reciprocal rank, boosted by the
// places and period the question names, at most five passages per article.
import type { Embedder } from '../vector-store/embeddings.js';
import { embedQuestion } from '../vector-store/embeddings.js';
import type { ArticleRecord, IndexedChunk, LoadedIndex } from '../vector-store/index-store.js';
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

const chunkLabels = new WeakMap<LoadedIndex, Map<string, number>>();

/** Chunk id → label in the vector store, built once per index. */
function labelsOf(index: LoadedIndex): Map<string, number> {
  let labels = chunkLabels.get(index);
  if (!labels) {
    labels = new Map(index.chunks.map((c) => [c.metadata.chunkId, c.label]));
    chunkLabels.set(index, labels);
  }
  return labels;
}

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
  // Each side of a comparison is searched on its own too: "China in January" must not be crowded
  // out by the passages about "Sichuan in H1".
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

  const vector = await embedQuestion(embedder, understanding.searchText);
  const dense = await index.store.similaritySearchVectorWithScore(vector, candidates);
  const labelOf = labelsOf(index);
  const fused = new Map<number, { rrf: number; similarity: number; keywordScore: number }>();
  const entry = (label: number): { rrf: number; similarity: number; keywordScore: number } => {
    let value = fused.get(label);
    if (!value) {
      value = { rrf: 0, similarity: 0, keywordScore: 0 };
      fused.set(label, value);
    }
    return value;
  };
  dense.forEach(([document, distance], rank) => {
    const label = labelOf.get(String(document.metadata.chunkId));
    if (label === undefined) return;
    const value = entry(label);
    value.rrf += 1 / (RRF_K + rank + 1);
    value.similarity = 1 - distance;
  });
  index.keywords.search(understanding.terms, candidates, understanding.weights).forEach((hit, rank) => {
    const value = entry(hit.doc);
    value.rrf += 1 / (RRF_K + rank + 1);
    value.keywordScore = hit.score;
  });

  const names = understanding.names.map((n) => n.name);
  const scored: Passage[] = [];
  for (const [label, value] of fused) {
    const chunk = index.chunks[label];
    if (!chunk) continue;
    const article = index.articles.get(chunk.metadata.articleId);
    if (!article) continue;
    const chunkText = `${chunk.metadata.title}\n${chunk.text}`;
    const whole = articleText(index, article.id);
    const namesInChunk = names.filter((name) => chunkText.includes(name));
    const namesInArticle = names.filter((name) => whole.includes(name));
    const period = understanding.period;
    // An article dated outside the period still speaks for it when the passage names its year
    // ("到2015年…" in a 2011 plan): then the date says nothing either way.
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
    scored.push({
      chunk,
      article,
      score: value.rrf * boost,
      similarity: value.similarity,
      keywordScore: value.keywordScore,
      namesInChunk,
      namesInArticle,
      inPeriod,
    });
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
