// The saved index: dense vectors in LangChain's HNSWLib, a BM25 keyword index and the corpus
// vocabulary, written as one folder per build with a manifest. A build is written beside the
// served one and swapped in by renaming a pointer file, so a crash mid-build never loses the index.
// Embeddings of unchanged chunks are reused from the served build (keyed by content hash).
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import hnswlib from 'hnswlib-node';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { chunkArticle } from '../ingestion/chunk.js';
import { loadArticles, type SkippedFile } from '../ingestion/load.js';
import type { Chunk, ChunkMetadata } from '../ingestion/types.js';
import type { Embedder } from './embeddings.js';
import { joinedPieces, writePieces } from './json-pieces.js';
import { KeywordIndex, type SerializedKeywordIndex } from './keyword-index.js';
import { buildVocabulary, type NameEntry } from './vocabulary.js';

const FORMAT_VERSION = 1;
const POINTER_FILE = 'CURRENT';
const BUILDS_DIR = 'builds';
const LOCK_FILE = 'build.lock';

export interface HnswParams {
  /** Graph degree. Default 12. */
  m: number;
  /** Candidate list while building. Default 100. */
  efConstruction: number;
  /** Candidate list while searching. Default 64. */
  efSearch: number;
}

/**
 * Chosen from `npm run bench` (README, "Vector store"): at 100k text-like 512-d vectors, M 12 with
 * efConstruction 100 finds 0.99 of the true top 10 at ef 32 and all of it at ef 64, like M 16,
 * with a third less build time and faster queries. ef 64 is the first power of two above the 40
 * candidates dense search asks for (hnswlib searches with max(ef, k)).
 */
export const DEFAULT_HNSW: HnswParams = { m: 12, efConstruction: 100, efSearch: 64 };

/**
 * The search list for an index of `count` vectors: more neighbours share a topic in a bigger index,
 * so ef grows with it (at 1M text-like vectors, M 16, ef 64 finds 0.90 of the true top 10, ef 256 all).
 */
export function efSearchFor(efSearch: number, count: number): number {
  if (count > 500_000) return Math.max(efSearch, 256);
  if (count > 200_000) return Math.max(efSearch, 128);
  return efSearch;
}

export interface ArticleRecord {
  id: string;
  file: string;
  title: string;
  date: string | undefined;
  publisher: string | undefined;
  url: string | undefined;
  contentHash: string;
  chunks: number;
}

export interface BuildCounts {
  articles: number;
  chunks: number;
  /** Chunks embedded in this build. */
  embedded: number;
  /** Chunks whose embedding was reused from the previous build. */
  reused: number;
  /** Files skipped with a warning. */
  skipped: number;
}

export interface Manifest {
  formatVersion: number;
  buildId: string;
  builtAt: string;
  buildMs: number;
  embedder: { key: string; dimensions: number };
  hnsw: HnswParams;
  counts: BuildCounts;
  articles: ArticleRecord[];
  skipped: SkippedFile[];
}

export interface IndexedChunk {
  /** HNSW label and keyword-index document number. */
  label: number;
  text: string;
  hash: string;
  metadata: ChunkMetadata;
}

export interface LoadedIndex {
  dir: string;
  manifest: Manifest;
  store: HNSWLib;
  keywords: KeywordIndex;
  chunks: IndexedChunk[];
  articles: Map<string, ArticleRecord>;
  vocabulary: NameEntry[];
}

export interface BuildProgress {
  phase: 'reading' | 'embedding' | 'saving';
  done: number;
  total: number;
}

export interface BuildOptions {
  docsDir: string;
  indexDir: string;
  embedder: Embedder;
  log?: Logger;
  onProgress?: (progress: BuildProgress) => void;
  hnsw?: Partial<HnswParams>;
  /**
   * The index being served from `indexDir`, if the caller holds it: its vectors are reused from
   * memory instead of reading a second copy of it from disk.
   */
  served?: LoadedIndex;
}

export interface BuildResult {
  index: LoadedIndex;
  counts: BuildCounts;
  seconds: number;
}

function buildsDir(indexDir: string): string {
  return path.join(indexDir, BUILDS_DIR);
}

function newBuildId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

async function readPointer(indexDir: string): Promise<string | undefined> {
  try {
    const pointer = JSON.parse(await readFile(path.join(indexDir, POINTER_FILE), 'utf8')) as { build?: unknown };
    return typeof pointer.build === 'string' ? pointer.build : undefined;
  } catch {
    return undefined;
  }
}

/** Atomically points the index at a build: write a temporary pointer, then rename over the old. */
async function writePointer(indexDir: string, buildId: string): Promise<void> {
  const temporary = path.join(indexDir, `${POINTER_FILE}.${process.pid}.tmp`);
  await writeFile(temporary, JSON.stringify({ build: buildId }));
  await rename(temporary, path.join(indexDir, POINTER_FILE));
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One build at a time per INDEX_DIR, across processes; a lock left by a dead process is taken over. */
async function acquireLock(indexDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(indexDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return async () => {
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(lockPath, 'utf8').catch(() => 'NaN'));
      if (Number.isInteger(holder) && holder !== process.pid && isProcessAlive(holder)) {
        throw new AppError('index_build_failed', `another build (process ${holder}) is running in ${indexDir}`);
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new AppError('index_build_failed', `could not lock ${indexDir} for building`);
}

function chunkDocument(chunk: Chunk): Document {
  return new Document({ pageContent: chunk.text, metadata: { ...chunk.metadata, hash: chunk.hash } });
}

/** Vectors by chunk hash, kept as Float32Array: a quarter of the memory of number arrays. */
type VectorCache = Map<string, Float32Array>;

/** Vectors of the served build by chunk hash, when it used the same embedder. */
function reusableVectors(current: LoadedIndex | undefined, embedder: Embedder): VectorCache {
  const vectors: VectorCache = new Map();
  if (!current || current.manifest.embedder.key !== embedder.key) return vectors;
  for (const chunk of current.chunks) {
    if (!vectors.has(chunk.hash)) vectors.set(chunk.hash, Float32Array.from(current.store.index.getPoint(chunk.label)));
  }
  return vectors;
}

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

/** Removes builds other than `keep` and temporary folders left by interrupted builds. */
async function pruneBuilds(indexDir: string, keep: string): Promise<void> {
  const entries = await readdir(buildsDir(indexDir)).catch(() => [] as string[]);
  await Promise.all(
    entries.filter((name) => name !== keep).map((name) => rm(path.join(buildsDir(indexDir), name), { recursive: true, force: true })),
  );
}

/**
 * Builds a new index from every article under `docsDir` and swaps it in. The served index stays
 * untouched until the new one is completely written.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? silentLogger;
  const started = performance.now();
  const hnsw = { ...DEFAULT_HNSW, ...options.hnsw };
  const { articles, skipped } = await loadArticles(options.docsDir, log);
  if (articles.length === 0) {
    throw new AppError('docs_dir_empty', `no readable articles in ${options.docsDir}`);
  }
  await mkdir(buildsDir(options.indexDir), { recursive: true });
  const release = await acquireLock(options.indexDir);
  try {
    const current =
      options.served && (await readPointer(options.indexDir)) === options.served.manifest.buildId
        ? options.served
        : await openIndex({ indexDir: options.indexDir, embedder: options.embedder, log, quiet: true });
    const chunks = articles.flatMap((article) => chunkArticle(article));
    options.onProgress?.({ phase: 'reading', done: articles.length, total: articles.length });
    const cache = reusableVectors(current, options.embedder);
    const embedded = await embedMissing(chunks, cache, options.embedder, options.onProgress);

    options.onProgress?.({ phase: 'saving', done: 0, total: 1 });
    const firstVector = cache.get(chunks[0]?.hash ?? '');
    const dimensions = firstVector?.length ?? 0;
    const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
    graph.initIndex({ maxElements: chunks.length, m: hnsw.m, efConstruction: hnsw.efConstruction, randomSeed: 100 });
    graph.setEf(efSearchFor(hnsw.efSearch, chunks.length));
    chunks.forEach((chunk, label) => {
      const vector = cache.get(chunk.hash);
      if (!vector || vector.length !== dimensions) {
        throw new AppError('embeddings_failed', `${options.embedder.key} gave vectors of different sizes`);
      }
      graph.addPoint(Array.from(vector), label);
    });
    cache.clear(); // the graph holds the vectors now
    const store = new HNSWLib(options.embedder.embeddings, { space: 'cosine', numDimensions: dimensions, index: graph });
    store.docstore.add(Object.fromEntries(chunks.map((chunk, label) => [String(label), chunkDocument(chunk)])));

    const keywords = KeywordIndex.build(chunks.map((chunk) => chunk.embedText));
    const vocabulary = buildVocabulary(articles.map((article) => `${article.title}\n${article.text}`));
    const buildId = newBuildId();
    const counts: BuildCounts = {
      articles: articles.length,
      chunks: chunks.length,
      embedded,
      reused: chunks.length - embedded,
      skipped: skipped.length,
    };
    const chunkCounts = new Map<string, number>();
    for (const chunk of chunks) chunkCounts.set(chunk.metadata.articleId, (chunkCounts.get(chunk.metadata.articleId) ?? 0) + 1);
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      buildId,
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - started),
      embedder: { key: options.embedder.key, dimensions },
      hnsw,
      counts,
      articles: articles.map((a) => ({
        id: a.id,
        file: a.file,
        title: a.title,
        date: a.date,
        publisher: a.publisher,
        url: a.url,
        contentHash: a.contentHash,
        chunks: chunkCounts.get(a.id) ?? 0,
      })),
      skipped,
    };

    const temporary = path.join(buildsDir(options.indexDir), `.tmp-${buildId}`);
    const final = path.join(buildsDir(options.indexDir), buildId);
    await saveStore(store, temporary);
    await writePieces(path.join(temporary, 'keywords.json'), keywords.jsonPieces());
    await writeFile(path.join(temporary, 'vocabulary.json'), JSON.stringify(vocabulary));
    // The manifest is written last: a folder without one is an unfinished build.
    await writeFile(path.join(temporary, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await rename(temporary, final);
    await writePointer(options.indexDir, buildId);
    await pruneBuilds(options.indexDir, buildId);
    options.onProgress?.({ phase: 'saving', done: 1, total: 1 });

    const seconds = (performance.now() - started) / 1000;
    log.info({ buildId, ...counts, seconds: Number(seconds.toFixed(2)) }, 'index built');
    return { index: assemble(final, manifest, store, keywords, vocabulary), counts, seconds };
  } finally {
    await release();
  }
}

/**
 * HNSWLib's own save, in the same three files its load reads, with the docstore written entry by
 * entry: at 100k chunks one JSON string of it costs several hundred megabytes at once.
 */
async function saveStore(store: HNSWLib, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await store.index.writeIndex(path.join(dir, 'hnswlib.index'));
  await writeFile(path.join(dir, 'args.json'), JSON.stringify(store.args));
  const entries = function* (): Generator<string> {
    for (const entry of store.docstore._docs.entries()) yield JSON.stringify(entry);
  };
  await writePieces(path.join(dir, 'docstore.json'), joinedPieces('[', entries(), ']'));
}

function assemble(
  dir: string,
  manifest: Manifest,
  store: HNSWLib,
  keywords: KeywordIndex,
  vocabulary: NameEntry[],
): LoadedIndex {
  const chunks: IndexedChunk[] = [];
  for (let label = 0; label < manifest.counts.chunks; label += 1) {
    const document = store.docstore.search(String(label));
    const metadata = document.metadata as ChunkMetadata & { hash: string };
    chunks.push({ label, text: document.pageContent, hash: metadata.hash, metadata });
  }
  store.index.setEf(efSearchFor(manifest.hnsw.efSearch, manifest.counts.chunks));
  return {
    dir,
    manifest,
    store,
    keywords,
    chunks,
    articles: new Map(manifest.articles.map((a) => [a.id, a])),
    vocabulary,
  };
}

export interface OpenOptions {
  indexDir: string;
  embedder: Embedder;
  log?: Logger;
  /** Do not log why an index is not usable (used while building). */
  quiet?: boolean;
}

/**
 * Opens the served index; `undefined` when there is none, it cannot be read, or it was built with
 * another embedder (its vectors would be meaningless for this one's questions).
 */
export async function openIndex(options: OpenOptions): Promise<LoadedIndex | undefined> {
  const log = options.log ?? silentLogger;
  const buildId = await readPointer(options.indexDir);
  if (buildId === undefined) return undefined;
  const dir = path.join(buildsDir(options.indexDir), buildId);
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.formatVersion !== FORMAT_VERSION) {
      if (!options.quiet) log.info({ buildId }, `index ${buildId} has an older format; it will be rebuilt`);
      return undefined;
    }
    if (manifest.embedder.key !== options.embedder.key) {
      if (!options.quiet) {
        log.info(
          { built: manifest.embedder.key, current: options.embedder.key },
          `index was built with ${manifest.embedder.key} but the embedder is now ${options.embedder.key}; rebuilding`,
        );
      }
      return undefined;
    }
    const [store, keywordData, vocabulary] = await Promise.all([
      HNSWLib.load(dir, options.embedder.embeddings),
      readFile(path.join(dir, 'keywords.json'), 'utf8').then((text) => JSON.parse(text) as SerializedKeywordIndex),
      readFile(path.join(dir, 'vocabulary.json'), 'utf8').then((text) => JSON.parse(text) as NameEntry[]),
    ]);
    return assemble(dir, manifest, store, KeywordIndex.fromJSON(keywordData), vocabulary);
  } catch (error) {
    if (!options.quiet) {
      log.warn({ buildId, err: error }, `index ${buildId} could not be read; it will be rebuilt`);
    }
    return undefined;
  }
}

/** Opens the served index, building it first when there is none or it cannot be used. */
export async function ensureIndex(options: BuildOptions): Promise<{ index: LoadedIndex; built: BuildResult | undefined }> {
  const existing = await openIndex({ indexDir: options.indexDir, embedder: options.embedder, log: options.log });
  if (existing) return { index: existing, built: undefined };
  const built = await buildIndex(options);
  return { index: built.index, built };
}
