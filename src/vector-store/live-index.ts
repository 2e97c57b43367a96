// The index being served, and the one way to change it while it is served: a rebuild (one at a
// time) that swaps in the new build when it is complete, and adding an article file to DOCS_DIR.
import { mkdir, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { decodeArticleBytes } from '../ingestion/decode.js';
import { parseArticle, SUPPORTED_EXTENSIONS } from '../ingestion/parse.js';
import type { Article } from '../ingestion/types.js';
import type { Embedder } from './embeddings.js';
import { buildIndex, type BuildProgress, type BuildResult, type LoadedIndex } from './index-store.js';

/** Extensions accepted for uploaded articles. */
export const UPLOAD_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm'] as const;
/** Largest uploaded article, in bytes. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

export interface LiveIndexOptions {
  docsDir: string;
  indexDir: string;
  embedder: Embedder;
  log?: Logger;
  /** Called with each index before it is served (the first, then each rebuild): warm caches here. */
  onLoad?: (index: LoadedIndex) => void;
}

export interface AddedArticle {
  article: Article;
  /** The file's path relative to DOCS_DIR. */
  file: string;
  build: BuildResult;
}

export interface LiveIndex {
  current(): LoadedIndex;
  isRebuilding(): boolean;
  /** Rebuilds from DOCS_DIR; questions keep being answered from the old index until it is done. */
  rebuild(onProgress?: (progress: BuildProgress) => void): Promise<BuildResult>;
  /** Checks an article file, saves it under DOCS_DIR/uploads and rebuilds. */
  addArticleFile(fileName: string, bytes: Uint8Array): Promise<AddedArticle>;
}

function safeFileName(name: string): string {
  const base = path.basename(name).normalize('NFC');
  const extension = path.extname(base).toLowerCase();
  const stem = path.basename(base, path.extname(base)).replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+/, '').slice(0, 80);
  return `${stem || 'article'}${extension}`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export function createLiveIndex(initial: LoadedIndex, options: LiveIndexOptions): LiveIndex {
  const log = options.log ?? silentLogger;
  let served = initial;
  options.onLoad?.(initial);
  let running: Promise<BuildResult> | undefined;

  const rebuild = (onProgress?: (progress: BuildProgress) => void): Promise<BuildResult> => {
    if (running) throw new AppError('index_busy', 'a re-index is already running');
    running = buildIndex({ docsDir: options.docsDir, indexDir: options.indexDir, embedder: options.embedder, log, onProgress, served })
      .then((result) => {
        options.onLoad?.(result.index);
        served = result.index;
        return result;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const addArticleFile = async (fileName: string, bytes: Uint8Array): Promise<AddedArticle> => {
    const name = safeFileName(fileName);
    const extension = path.extname(name);
    if (!(UPLOAD_EXTENSIONS as readonly string[]).includes(extension) || SUPPORTED_EXTENSIONS[extension] === undefined) {
      throw new AppError('article_invalid', `"${fileName}" is not a supported article file (${UPLOAD_EXTENSIONS.join(', ')})`);
    }
    if (bytes.length > MAX_UPLOAD_BYTES) throw new AppError('article_invalid', `"${fileName}" is larger than 2 MB`);
    const decoded = decodeArticleBytes(bytes);
    if (!decoded.ok) throw new AppError('article_invalid', `"${fileName}": ${decoded.reason}`);
    const relative = `uploads/${name}`;
    const parsed = parseArticle(relative, decoded.text);
    if (!parsed.ok) throw new AppError('article_invalid', `"${fileName}": ${parsed.reason}`);
    if (running) throw new AppError('index_busy', 'a re-index is already running');

    const folder = path.join(options.docsDir, 'uploads');
    await mkdir(folder, { recursive: true });
    let target = path.join(folder, name);
    for (let n = 2; await exists(target); n += 1) {
      target = path.join(folder, `${path.basename(name, extension)}-${n}${extension}`);
    }
    await writeFile(target, bytes);
    const file = path.relative(options.docsDir, target).split(path.sep).join('/');
    log.info({ file }, 'article added');
    const build = await rebuild();
    const article = parseArticle(file, decoded.text);
    return { article: (article.ok ? article.articles[0] : undefined) ?? parsed.articles[0]!, file, build };
  };

  return {
    current: () => served,
    isRebuilding: () => running !== undefined,
    rebuild,
    addArticleFile,
  };
}
