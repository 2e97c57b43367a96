// The one place that joins ingestion and the index store: load the articles → chunk them → embed
// what is new (vectors of unchanged chunks are reused, keyed by content hash) → write a build →
// swap it in. The served build stays untouched until the new one is completely written. One new
// article is added to the served build's chunks and vectors without reading the others again.
import { AppError } from '../errors.js';
import { chunkArticle } from '../ingestion/chunk.js';
import { loadArticles, type LoadOptions } from '../ingestion/load.js';
import type { Article, Chunk } from '../ingestion/types.js';
import { silentLogger, type Logger } from '../log.js';
import type { Embedder } from '../vector-store/embeddings.js';
import type { ArticleRecord, BuildCounts, IndexStore, LoadedIndex, WrittenBuild } from '../vector-store/store.js';
import { buildVocabulary, buildVocabularyApart, mergeVocabularies } from '../vector-store/vocabulary.js';

export interface BuildProgress {
  phase: 'reading' | 'embedding' | 'saving';
  done: number;
  total: number;
}

export interface BuildOptions {
  docsDir: string;
  store: IndexStore;
  embedder: Embedder;
  log?: Logger;
  onProgress?: (progress: BuildProgress) => void;
  /**
   * The index being served from `store`, if the caller holds it: its vectors are reused from
   * memory instead of reading a second copy of it.
   */
  served?: LoadedIndex;
  /** How article files are read (their time budget). */
  loadOptions?: LoadOptions;
}

export interface BuildResult {
  index: LoadedIndex;
  counts: BuildCounts;
  seconds: number;
}

/** Vectors by chunk hash, kept as Float32Array: a quarter of the memory of number arrays. */
type VectorCache = Map<string, Float32Array>;

/** Items handled between two turns of the event loop in the loops over the whole corpus below. */
const ITEMS_PER_TURN = 1000;

/** Lets the event loop answer what is waiting (the bot's users) before a long loop goes on. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Vectors of the served build by chunk hash, when it used the same embedder. */
async function reusableVectors(current: LoadedIndex | undefined, embedder: Embedder): Promise<VectorCache> {
  const vectors: VectorCache = new Map();
  if (!current || current.manifest.embedder.key !== embedder.key) return vectors;
  for (const chunk of current.chunks) {
    if (!vectors.has(chunk.hash)) vectors.set(chunk.hash, current.vectorOf(chunk.label));
    if (chunk.label % ITEMS_PER_TURN === ITEMS_PER_TURN - 1) await nextTurn();
  }
  return vectors;
}

/** Every article's chunks, in order. */
async function chunkArticles(articles: readonly Article[]): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (let i = 0; i < articles.length; i += 1) {
    chunks.push(...chunkArticle(articles[i]!));
    if (i % (ITEMS_PER_TURN / 10) === ITEMS_PER_TURN / 10 - 1) await nextTurn();
  }
  return chunks;
}

/** Embeds the chunks the cache lacks, in the embedder's batches; returns how many it embedded. */
async function embedMissing(
  chunks: readonly Chunk[],
  cache: VectorCache,
  embedder: Embedder,
  onProgress: BuildOptions['onProgress'],
): Promise<number> {
  const missing = [...new Map(chunks.filter((c) => !cache.has(c.hash)).map((c) => [c.hash, c])).values()];
  // Similar lengths per batch keep padding (wasted model work) small.
  missing.sort((a, b) => a.embedText.length - b.embedText.length);
  onProgress?.({ phase: 'embedding', done: 0, total: missing.length });
  for (let i = 0; i < missing.length; i += embedder.batchSize) {
    const batch = missing.slice(i, i + embedder.batchSize);
    let vectors: number[][];
    try {
      vectors = await embedder.embeddings.embedDocuments(batch.map((c) => c.embedText));
    } catch (error) {
      throw new AppError('embeddings_failed', `embedding chunks with ${embedder.key} failed`, { cause: error });
    }
    batch.forEach((chunk, j) => {
      const vector = vectors[j];
      if (!vector) throw new AppError('embeddings_failed', `${embedder.key} returned too few vectors`);
      cache.set(chunk.hash, Float32Array.from(vector));
    });
    onProgress?.({ phase: 'embedding', done: Math.min(i + batch.length, missing.length), total: missing.length });
  }
  return missing.length;
}

/** What the index keeps of each article. */
function articleRecords(articles: readonly Article[], chunks: readonly Chunk[]): ArticleRecord[] {
  const chunkCounts = new Map<string, number>();
  for (const chunk of chunks) {
    const id = chunk.metadata.articleId;
    chunkCounts.set(id, (chunkCounts.get(id) ?? 0) + 1);
  }
  return articles.map(({ id, file, title, date, publisher, url, contentHash }) => ({
    id,
    file,
    title,
    date,
    publisher,
    url,
    contentHash,
    chunks: chunkCounts.get(id) ?? 0,
  }));
}

/**
 * Builds a new index from every article under `docsDir` and swaps it in. The served index stays
 * untouched until the new one is completely written.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildResult> {
  const { store, embedder, onProgress } = options;
  const log = options.log ?? silentLogger;
  const startedMs = performance.now();
  const { articles, skipped } = await loadArticles(options.docsDir, log, options.loadOptions);
  if (articles.length === 0) {
    throw new AppError('docs_dir_empty', `no readable articles in ${options.docsDir}`);
  }
  const release = await store.lock();
  try {
    const served = options.served;
    const current =
      served && (await store.servedBuildId()) === served.manifest.buildId ? served : await store.open({ quiet: true });
    const chunks = await chunkArticles(articles);
    onProgress?.({ phase: 'reading', done: articles.length, total: articles.length });
    // Names are collected in another thread while the chunks are embedded.
    const vocabulary = buildVocabularyApart(articles.map((article) => `${article.title}\n${article.text}`));
    vocabulary.catch(() => undefined); // awaited below, unless embedding fails first
    const vectors = await reusableVectors(current, embedder);
    const embedded = await embedMissing(chunks, vectors, embedder, onProgress);

    onProgress?.({ phase: 'saving', done: 0, total: 1 });
    const counts = countBuild(articles.length, chunks.length, embedded, skipped.length);
    const written = await store.write({
      embedderKey: embedder.key,
      chunks,
      vectors,
      articles: articleRecords(articles, chunks),
      vocabulary: await vocabulary,
      skipped,
      counts,
      startedMs,
    });
    const result = await serve(store, written, counts, startedMs, onProgress);
    log.info({ buildId: written.buildId, ...counts, seconds: Number(result.seconds.toFixed(2)) }, 'index built');
    return result;
  } finally {
    await release();
  }
}

function countBuild(articles: number, chunks: number, embedded: number, skipped: number): BuildCounts {
  return { articles, chunks, embedded, reused: chunks - embedded, skipped };
}

/** Serves a written build; the result's seconds count from `startedMs`. */
async function serve(
  store: IndexStore,
  written: WrittenBuild,
  counts: BuildCounts,
  startedMs: number,
  onProgress: BuildOptions['onProgress'],
): Promise<BuildResult> {
  const index = await store.swap(written);
  onProgress?.({ phase: 'saving', done: 1, total: 1 });
  return { index, counts, seconds: (performance.now() - startedMs) / 1000 };
}

/**
 * What adding `article` to the served build changes: its chunks, the article records, the skipped
 * files and the vocabulary. An article the build already holds under another file adds no chunk and
 * is listed as skipped, as a full build would.
 */
function planAddition(served: LoadedIndex, article: Article) {
  const { manifest } = served;
  const duplicateOf = manifest.articles.find((a) => a.contentHash === article.contentHash);
  if (duplicateOf) {
    const skipped = [...manifest.skipped, { file: article.file, reason: `same article as ${duplicateOf.file}` }];
    return { added: [], articles: manifest.articles, skipped, vocabulary: [...served.vocabulary] };
  }
  const added = chunkArticle(article);
  return {
    added,
    articles: [...manifest.articles, ...articleRecords([article], added)],
    skipped: manifest.skipped,
    vocabulary: mergeVocabularies(served.vocabulary, buildVocabulary([`${article.title}\n${article.text}`])),
  };
}

export interface AddArticleOptions extends BuildOptions {
  /** The index being served: the article is added to a copy of it. */
  served: LoadedIndex;
  article: Article;
}

/**
 * Adds one article to the served index: the store extends a copy of the served build with the new
 * article's chunks, so only they are chunked, embedded and indexed and no other file is read. The
 * new build is written and swapped in like a full one. When the store serves another build than
 * `served` (a re-index by another process) or another embedder made it, a full build is done instead.
 */
export async function addArticleToIndex(options: AddArticleOptions): Promise<BuildResult> {
  const { store, embedder, onProgress, served, article } = options;
  const log = options.log ?? silentLogger;
  const startedMs = performance.now();
  // A re-index that ran while the file was being saved may have read it already.
  if (served.articles.get(article.id)?.contentHash === article.contentHash) {
    const { counts } = served.manifest;
    return { index: served, counts: { ...counts, embedded: 0, reused: counts.chunks }, seconds: 0 };
  }
  const release = await store.lock();
  let result: BuildResult | undefined;
  try {
    const current = (await store.servedBuildId()) === served.manifest.buildId;
    if (current && served.manifest.embedder.key === embedder.key) {
      const { added, articles, skipped, vocabulary } = planAddition(served, article);
      // A new chunk with the text of a served one (a shared paragraph) reuses its vector.
      const servedLabels = new Map(served.chunks.map((chunk) => [chunk.hash, chunk.label]));
      const vectors: VectorCache = new Map();
      for (const chunk of added) {
        const label = servedLabels.get(chunk.hash);
        if (label !== undefined && !vectors.has(chunk.hash)) vectors.set(chunk.hash, served.vectorOf(label));
      }
      onProgress?.({ phase: 'reading', done: 1, total: 1 });
      const embedded = await embedMissing(added, vectors, embedder, onProgress);
      const counts = countBuild(articles.length, served.chunks.length + added.length, embedded, skipped.length);
      onProgress?.({ phase: 'saving', done: 0, total: 1 });
      const written = await store.writeAddition(served, {
        embedderKey: embedder.key,
        chunks: added,
        vectors,
        articles,
        vocabulary,
        skipped,
        counts,
        startedMs,
      });
      result = await serve(store, written, counts, startedMs, onProgress);
      log.info({ buildId: written.buildId, file: article.file, ...counts }, 'article added to the index');
    }
  } finally {
    await release();
  }
  return result ?? buildIndex(options);
}

/** Opens the served index, building it first when there is none or it cannot be used. */
export async function ensureIndex(
  options: BuildOptions,
): Promise<{ index: LoadedIndex; built: BuildResult | undefined }> {
  const existing = await options.store.open();
  if (existing) return { index: existing, built: undefined };
  const built = await buildIndex(options);
  return { index: built.index, built };
}
