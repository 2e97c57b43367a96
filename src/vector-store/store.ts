// The narrow interface every index store implements (the embedded HNSW folder today; a database
// later): write a complete build from chunks and their vectors beside the served one, or the served
// build plus new chunks, swap it in atomically, open the served build. What goes into a build is
// decided above the store.
import type { Article, Chunk, ChunkMetadata, SkippedFile } from '../ingestion/types.js';
import type { KeywordHit } from './keyword-index.js';
import type { NameEntry } from './vocabulary.js';

/** What the index keeps of an article: its metadata and content hash, not its text. */
export type ArticleRecord = Pick<Article, 'id' | 'file' | 'title' | 'date' | 'publisher' | 'url' | 'contentHash'> & {
  /** Chunks cut from it. */
  chunks: number;
};

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
  counts: BuildCounts;
  articles: ArticleRecord[];
  skipped: SkippedFile[];
}

export interface IndexedChunk {
  /** Position in the build: the vector's label and the keyword index's document number. */
  label: number;
  text: string;
  hash: string;
  metadata: ChunkMetadata;
}

/** The keyword side of a build: BM25 over jieba words, and the word statistics answers weigh by. */
export interface KeywordSearch {
  /** Number of documents (chunks). */
  readonly size: number;
  search(terms: readonly string[], limit: number, weights?: ReadonlyMap<string, number>): KeywordHit[];
  documentFrequency(term: string): number;
  idf(term: string): number;
}

export interface DenseHit {
  label: number;
  /** Cosine similarity to the query vector. */
  similarity: number;
}

/** A build being served: what retrieval and answers read. */
export interface LoadedIndex {
  readonly manifest: Manifest;
  readonly chunks: readonly IndexedChunk[];
  readonly articles: ReadonlyMap<string, ArticleRecord>;
  readonly vocabulary: readonly NameEntry[];
  readonly keywords: KeywordSearch;
  /** The `k` chunks whose vectors are nearest to `vector`, nearest first. */
  nearest(vector: readonly number[], k: number): Promise<DenseHit[]>;
  /** The stored vector of a chunk, so a re-index can reuse it instead of embedding again. */
  vectorOf(label: number): Float32Array;
}

/** Everything a build is made of; the store derives its own search structures from it. */
export interface BuildContents {
  embedderKey: string;
  /** The chunks in label order. */
  chunks: readonly Chunk[];
  /**
   * The vector of every chunk, by chunk hash. The store empties it once its own structure holds the
   * vectors: at 100k chunks a second copy costs hundreds of megabytes while the rest is written.
   */
  vectors: Map<string, Float32Array>;
  articles: ArticleRecord[];
  vocabulary: NameEntry[];
  skipped: SkippedFile[];
  counts: BuildCounts;
  /** When the build started (performance.now()), for the manifest's build time. */
  startedMs: number;
}

/** A build written beside the served one; nothing reads it until it is swapped in. */
export interface WrittenBuild {
  readonly buildId: string;
}

export interface OpenOptions {
  /** Do not log why an index is not usable (used while building). */
  quiet?: boolean;
}

export interface IndexStore {
  /** Where the store lives, for messages (a folder, or a database without its password). */
  readonly location: string;
  /**
   * The served build; `undefined` when there is none, it cannot be read, or it was built with
   * another embedder (its vectors would be meaningless for this one's questions).
   */
  open(options?: OpenOptions): Promise<LoadedIndex | undefined>;
  /** The id of the build being served, without loading it. */
  servedBuildId(): Promise<string | undefined>;
  /** Takes the one-writer lock across processes; resolves to its release. */
  lock(): Promise<() => Promise<void>>;
  /** Writes a complete build; on failure nothing of it is left behind. */
  write(contents: BuildContents): Promise<WrittenBuild>;
  /**
   * Writes a build that is `served` (a build this store opened or swapped in) plus new chunks,
   * without redoing the work already in `served`: `added.chunks` and `added.vectors` hold only the
   * new chunks, which get the labels after the served ones (old chunks keep theirs); its articles,
   * vocabulary, skipped files and counts describe the whole new build. Swapped in like `write`'s.
   */
  writeAddition(served: LoadedIndex, added: BuildContents): Promise<WrittenBuild>;
  /** Serves a written build in one atomic step, then removes the builds no longer served. */
  swap(build: WrittenBuild): Promise<LoadedIndex>;
}
