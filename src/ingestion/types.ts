// The shapes ingestion produces: an Article with clean paragraphs, and the Chunks cut from it.

export interface Article {
  /** Stable id derived from the file's path relative to DOCS_DIR. */
  id: string;
  /** The file's path relative to DOCS_DIR, with forward slashes. */
  file: string;
  title: string;
  /** Published date as ISO `YYYY-MM-DD`, when the file tells it. */
  date: string | undefined;
  publisher: string | undefined;
  url: string | undefined;
  /** Clean body paragraphs, boilerplate removed. */
  paragraphs: string[];
  /** The clean text chunk offsets refer to: paragraphs joined by a blank line. */
  text: string;
  /** sha256 of everything above that reaches the index. */
  contentHash: string;
}

export interface ChunkMetadata {
  chunkId: string;
  articleId: string;
  file: string;
  title: string;
  date: string | undefined;
  publisher: string | undefined;
  url: string | undefined;
  /** Offsets into Article.text: `text.slice(start, end)` is the chunk's text. */
  start: number;
  end: number;
}

export interface Chunk {
  /** The chunk's own words, a substring of Article.text. */
  text: string;
  /** What is embedded: the chunk prefixed with its article's title and date. */
  embedText: string;
  /** sha256 of embedText: the embedding cache key. */
  hash: string;
  metadata: ChunkMetadata;
}

/** The fields a format parser extracts before cleaning and hashing. */
export interface ParsedArticle {
  title: string | undefined;
  date: string | undefined;
  publisher: string | undefined;
  url: string | undefined;
  paragraphs: string[];
}

/** A file that was passed over while loading a folder, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}
