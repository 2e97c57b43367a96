// The embedded index store: dense vectors in LangChain's HNSWLib, a BM25 keyword index and the
// corpus vocabulary, written as one folder per build with a manifest under INDEX_DIR/builds. A build
// is written beside the served one and swapped in by renaming a pointer file, so a crash mid-build
// never loses the index being served. A full build's graph and keyword index are made in a worker
// thread (build-thread.ts); an addition extends copies of the served build's.
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import hnswlib from 'hnswlib-node';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, fileSystemError } from '../errors.js';
import type { Chunk, ChunkMetadata } from '../ingestion/types.js';
import { silentLogger, type Logger } from '../log.js';
import type { Embedder } from './embeddings.js';
import { joinedPieces, writePieces } from './json-pieces.js';
import { buildGraphAndKeywords } from './build-thread.js';
import { KeywordIndex, type SerializedKeywordIndex } from './keyword-index.js';
import type {
  BuildContents,
  DenseHit,
  IndexedChunk,
  IndexStore,
  LoadedIndex,
  Manifest,
  OpenOptions,
  WrittenBuild,
} from './store.js';
import type { NameEntry } from './vocabulary.js';

const FORMAT_VERSION = 1;
const POINTER_FILE = 'CURRENT';
const BUILDS_DIR = 'builds';
const LOCK_FILE = 'build.lock';
/** Prefix of a build folder still being written; such a folder is never served. */
const TEMPORARY_PREFIX = '.tmp-';

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

/** The manifest of this store's builds: the common one plus the graph's parameters. */
export interface HnswManifest extends Manifest {
  hnsw: HnswParams;
}

export interface HnswStoreOptions {
  /** INDEX_DIR: the folder holding the builds and the pointer to the served one. */
  indexDir: string;
  embedder: Embedder;
  log?: Logger;
  /** Graph parameters of new builds. Default `DEFAULT_HNSW`. */
  hnsw?: Partial<HnswParams>;
  /** The file writes of builds and of the pointer. Default `NODE_FILES`; tests pass failing ones. */
  files?: Partial<StoreFiles>;
  /** Told how many chunk texts each build cut into words for its keyword index (tests count them). */
  onTokenized?: (texts: number) => void;
}

/** The writes a build goes through, so a full or read-only disk can be simulated where it cannot be made. */
export interface StoreFiles {
  /** Writes text handed over in pieces to `file`. */
  writeText(file: string, pieces: Iterable<string>): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a folder that is no longer served. */
  removeFolder(folder: string): Promise<void>;
}

export const NODE_FILES: StoreFiles = {
  writeText: writePieces,
  rename,
  removeFolder: (folder) => rm(folder, { recursive: true, force: true }),
};

function newBuildId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function chunkDocument(chunk: Chunk): Document {
  return new Document({ pageContent: chunk.text, metadata: { ...chunk.metadata, hash: chunk.hash } });
}

/** Every chunk's vector, one after another in label order; checks they all have one size. */
function packVectors(contents: BuildContents): { vectors: Float32Array; dimensions: number } {
  const { chunks } = contents;
  const dimensions = contents.vectors.get(chunks[0]?.hash ?? '')?.length ?? 0;
  const vectors = new Float32Array(chunks.length * dimensions);
  chunks.forEach((chunk, label) => {
    const vector = contents.vectors.get(chunk.hash);
    if (!vector || vector.length !== dimensions) {
      throw new AppError('embeddings_failed', `${contents.embedderKey} gave vectors of different sizes`);
    }
    vectors.set(vector, label * dimensions);
  });
  return { vectors, dimensions };
}

/**
 * HNSWLib's own save, in the same three files its load reads, with the docstore written entry by
 * entry: at 100k chunks one JSON string of it costs several hundred megabytes at once.
 */
async function saveStore(store: HNSWLib, dir: string, files: StoreFiles, graphSaved: boolean): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (!graphSaved) await store.index.writeIndex(path.join(dir, 'hnswlib.index'));
  await files.writeText(path.join(dir, 'args.json'), [JSON.stringify(store.args)]);
  const entries = function* (): Generator<string> {
    for (const entry of store.docstore._docs.entries()) yield JSON.stringify(entry);
  };
  await files.writeText(path.join(dir, 'docstore.json'), joinedPieces('[', entries(), ']'));
}

/** What a build is made of in memory: a written one until it is swapped in, and a served one. */
interface BuildParts {
  manifest: HnswManifest;
  store: HNSWLib;
  keywords: KeywordIndex;
  vocabulary: NameEntry[];
  /** The chunks of the labels below their number, when already at hand (an addition's served ones). */
  knownChunks?: readonly IndexedChunk[];
  /** Whether the graph's file is already in the build's folder as it is. */
  graphSaved?: boolean;
}

/** The parts behind each index this module assembled, so an addition can start from them. */
const assembledParts = new WeakMap<LoadedIndex, BuildParts>();

/** A loaded build: the HNSWLib store and keyword index behind the `LoadedIndex` interface. */
function assemble(parts: BuildParts): LoadedIndex {
  const { manifest, store, keywords, vocabulary } = parts;
  const chunks: IndexedChunk[] = [...(parts.knownChunks ?? [])];
  for (let label = chunks.length; label < manifest.counts.chunks; label += 1) {
    const document = store.docstore.search(String(label));
    const metadata = document.metadata as ChunkMetadata & { hash: string };
    chunks.push({ label, text: document.pageContent, hash: metadata.hash, metadata });
  }
  store.index.setEf(efSearchFor(manifest.hnsw.efSearch, manifest.counts.chunks));
  // HNSWLib answers with documents; their chunk ids lead back to labels.
  const labels = new Map(chunks.map((chunk) => [chunk.metadata.chunkId, chunk.label]));
  const nearest = async (vector: readonly number[], k: number): Promise<DenseHit[]> => {
    const count = Math.min(k, chunks.length);
    if (count === 0) return [];
    const results = await store.similaritySearchVectorWithScore([...vector], count);
    return results.flatMap(([document, distance]) => {
      const label = labels.get(String(document.metadata.chunkId));
      return label === undefined ? [] : [{ label, similarity: 1 - distance }];
    });
  };
  const index: LoadedIndex = {
    manifest,
    chunks,
    articles: new Map(manifest.articles.map((a) => [a.id, a])),
    vocabulary,
    keywords,
    nearest,
    vectorOf: (label) => Float32Array.from(store.index.getPoint(label)),
  };
  assembledParts.set(index, { manifest, store, keywords, vocabulary });
  return index;
}

/** The embedded store in `options.indexDir`. */
export function createHnswStore(options: HnswStoreOptions): IndexStore {
  const { indexDir, embedder } = options;
  const log = options.log ?? silentLogger;
  const hnsw = { ...DEFAULT_HNSW, ...options.hnsw };
  const files: StoreFiles = { ...NODE_FILES, ...options.files };
  const buildsDir = path.join(indexDir, BUILDS_DIR);

  const servedBuildId = async (): Promise<string | undefined> => {
    try {
      const pointer = JSON.parse(await readFile(path.join(indexDir, POINTER_FILE), 'utf8')) as { build?: unknown };
      return typeof pointer.build === 'string' ? pointer.build : undefined;
    } catch {
      return undefined;
    }
  };

  /** Atomically points the index at a build: write a temporary pointer, then rename over the old. */
  const writePointer = async (buildId: string): Promise<void> => {
    const temporary = path.join(indexDir, `${POINTER_FILE}.${process.pid}.tmp`);
    try {
      await files.writeText(temporary, [JSON.stringify({ build: buildId })]);
      await files.rename(temporary, path.join(indexDir, POINTER_FILE));
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw fileSystemError(error, 'pointing the index at the new build in', indexDir);
    }
  };

  /** One build at a time per INDEX_DIR, across processes; a lock left by a dead process is taken over. */
  const lock = async (): Promise<() => Promise<void>> => {
    await mkdir(indexDir, { recursive: true }).catch((error: unknown) => {
      throw fileSystemError(error, 'creating the index folder', indexDir);
    });
    const lockPath = path.join(indexDir, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await writeFile(lockPath, String(process.pid), { flag: 'wx' });
        return async () => {
          await rm(lockPath, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw fileSystemError(error, 'locking the index folder', indexDir);
        }
        const holder = Number(await readFile(lockPath, 'utf8').catch(() => 'NaN'));
        if (Number.isInteger(holder) && holder !== process.pid && isProcessAlive(holder)) {
          throw new AppError('index_build_failed', `another build (process ${holder}) is running in ${indexDir}`);
        }
        await rm(lockPath, { force: true });
      }
    }
    throw new AppError('index_build_failed', `could not lock ${indexDir} for building`);
  };

  /** Builds written but not yet served, by id: their store and indexes stay in memory until swapped. */
  const written = new Map<string, BuildParts>();

  const manifestFor = (buildId: string, contents: BuildContents, dimensions: number): HnswManifest => ({
    formatVersion: FORMAT_VERSION,
    buildId,
    builtAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - contents.startedMs),
    embedder: { key: contents.embedderKey, dimensions },
    hnsw,
    counts: contents.counts,
    articles: contents.articles,
    skipped: contents.skipped,
  });

  /**
   * Writes a build's files into its temporary folder and gives the folder the build's name; on
   * failure removes the folder. `prepare` makes the parts, and may already write into the folder.
   */
  const writeBuild = async (
    prepare: (temporary: string, buildId: string) => Promise<BuildParts>,
  ): Promise<WrittenBuild> => {
    const buildId = newBuildId();
    const temporary = path.join(buildsDir, `${TEMPORARY_PREFIX}${buildId}`);
    try {
      const parts = await prepare(temporary, buildId);
      await saveStore(parts.store, temporary, files, parts.graphSaved ?? false);
      await files.writeText(path.join(temporary, 'keywords.json'), parts.keywords.jsonPieces());
      await files.writeText(path.join(temporary, 'vocabulary.json'), [JSON.stringify(parts.vocabulary)]);
      // The manifest is written last: a folder without one is an unfinished build.
      await files.writeText(path.join(temporary, 'manifest.json'), [JSON.stringify(parts.manifest, null, 2)]);
      await files.rename(temporary, path.join(buildsDir, buildId));
      written.set(buildId, parts);
      return { buildId };
    } catch (error) {
      // A full disk stays full while the folder is there; if even removing fails, the next build prunes it.
      await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
      throw fileSystemError(error, 'writing a new index build in', buildsDir);
    }
  };

  const write = (contents: BuildContents): Promise<WrittenBuild> =>
    writeBuild(async (temporary, buildId) => {
      const { chunks } = contents;
      const { vectors, dimensions } = packVectors(contents);
      contents.vectors.clear(); // the packed copy goes to the graph
      await mkdir(temporary, { recursive: true });
      const graphFile = path.join(temporary, 'hnswlib.index');
      const texts = chunks.map((chunk) => chunk.embedText);
      const keywords = await buildGraphAndKeywords(graphFile, dimensions, hnsw, vectors, texts);
      options.onTokenized?.(chunks.length);
      const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
      await graph.readIndex(graphFile);
      graph.setEf(efSearchFor(hnsw.efSearch, chunks.length));
      const store = new HNSWLib(embedder.embeddings, { space: 'cosine', numDimensions: dimensions, index: graph });
      store.docstore.add(Object.fromEntries(chunks.map((chunk, label) => [String(label), chunkDocument(chunk)])));
      return {
        manifest: manifestFor(buildId, contents, dimensions),
        store,
        keywords,
        vocabulary: contents.vocabulary,
        graphSaved: true,
      };
    });

  const writeAddition = async (served: LoadedIndex, added: BuildContents): Promise<WrittenBuild> => {
    const base = assembledParts.get(served);
    if (!base) {
      throw new AppError('index_build_failed', `build ${served.manifest.buildId} was not opened by this store`);
    }
    if (served.chunks.length === 0) return write(added);
    const { dimensions } = served.manifest.embedder;
    const first = served.chunks.length;
    const vectors = added.chunks.map((chunk) => {
      const vector = added.vectors.get(chunk.hash);
      if (!vector || vector.length !== dimensions) {
        throw new AppError('embeddings_failed', `${added.embedderKey} gave vectors of different sizes`);
      }
      return vector;
    });
    return writeBuild(async (temporary, buildId) => {
      await mkdir(temporary, { recursive: true });
      // The served graph is copied through a file, since hnswlib saves and loads on libuv's thread
      // pool: adding every vector again would hold the event loop for a minute at 100k chunks.
      const graphFile = path.join(temporary, 'hnswlib.index');
      await base.store.index.writeIndex(graphFile);
      const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
      await graph.readIndex(graphFile);
      graph.resizeIndex(first + vectors.length);
      vectors.forEach((vector, i) => graph.addPoint(Array.from(vector), first + i));
      added.vectors.clear(); // the graph holds them now
      const total = first + vectors.length;
      graph.setEf(efSearchFor(hnsw.efSearch, total));
      const store = new HNSWLib(embedder.embeddings, { space: 'cosine', numDimensions: dimensions, index: graph });
      // Documents are never changed once stored, so the served build's are shared, not copied.
      for (const [label, document] of base.store.docstore._docs) store.docstore._docs.set(label, document);
      store.docstore.add(Object.fromEntries(added.chunks.map((chunk, i) => [String(first + i), chunkDocument(chunk)])));
      const keywords = base.keywords.withAdded(added.chunks.map((chunk) => chunk.embedText));
      options.onTokenized?.(added.chunks.length);
      const manifest = manifestFor(buildId, added, dimensions);
      // The graph keeps the served build's parameters: they are the ones it was built with.
      manifest.hnsw = base.manifest.hnsw;
      return { manifest, store, keywords, vocabulary: added.vocabulary, knownChunks: served.chunks };
    });
  };

  /**
   * Removes builds other than `keep` and temporary folders left by interrupted builds. The new build
   * is served by then, so a failure here is only logged: the next build prunes again.
   */
  const pruneBuilds = async (keep: string): Promise<void> => {
    const entries = await readdir(buildsDir).catch(() => [] as string[]);
    const stale = entries.filter((name) => name !== keep);
    const removals = await Promise.allSettled(stale.map((name) => files.removeFolder(path.join(buildsDir, name))));
    const failed = removals.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) log.warn({ err: failed.reason as unknown }, `old index builds in ${buildsDir} could not be removed`);
  };

  const swap = async (build: WrittenBuild): Promise<LoadedIndex> => {
    const parts = written.get(build.buildId);
    if (!parts) throw new AppError('index_build_failed', `build ${build.buildId} was not written by this store`);
    written.delete(build.buildId);
    try {
      await writePointer(build.buildId);
    } catch (error) {
      // Never served, so nothing would keep it but the next build's pruning.
      await rm(path.join(buildsDir, build.buildId), { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
    await pruneBuilds(build.buildId);
    return assemble(parts);
  };

  const open = async (openOptions: OpenOptions = {}): Promise<LoadedIndex | undefined> => {
    const buildId = await servedBuildId();
    if (buildId === undefined) return undefined;
    const dir = path.join(buildsDir, buildId);
    const say = (message: string, details: object): void => {
      if (!openOptions.quiet) log.info(details, message);
    };
    try {
      const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as HnswManifest;
      if (manifest.formatVersion !== FORMAT_VERSION) {
        say(`index ${buildId} has an older format; it will be rebuilt`, { buildId });
        return undefined;
      }
      if (manifest.embedder.key !== embedder.key) {
        const built = manifest.embedder.key;
        say(`index was built with ${built} but the embedder is now ${embedder.key}; rebuilding`, {
          built,
          current: embedder.key,
        });
        return undefined;
      }
      const readJson = async <T>(file: string): Promise<T> =>
        JSON.parse(await readFile(path.join(dir, file), 'utf8')) as T;
      const [store, keywordData, vocabulary] = await Promise.all([
        HNSWLib.load(dir, embedder.embeddings),
        readJson<SerializedKeywordIndex>('keywords.json'),
        readJson<NameEntry[]>('vocabulary.json'),
      ]);
      return assemble({ manifest, store, keywords: KeywordIndex.fromJSON(keywordData), vocabulary });
    } catch (error) {
      if (!openOptions.quiet)
        log.warn({ buildId, err: error }, `index ${buildId} could not be read; it will be rebuilt`);
      return undefined;
    }
  };

  return { location: indexDir, open, servedBuildId, lock, write, writeAddition, swap };
}
