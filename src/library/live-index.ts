// The index being served, and the one way to change it while it is served: a rebuild (one at a
// time) that swaps in the new build when it is complete, and adding an article file to DOCS_DIR.
import { AppError } from '../errors.js';
import type { Article } from '../ingestion/types.js';
import { silentLogger, type Logger } from '../log.js';
import type { Embedder } from '../vector-store/embeddings.js';
import type { IndexStore, LoadedIndex } from '../vector-store/store.js';
import { buildIndex, type BuildProgress, type BuildResult } from './build.js';
import { checkUpload, saveUpload } from './uploads.js';

export interface LiveIndexOptions {
  docsDir: string;
  store: IndexStore;
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

export function createLiveIndex(initial: LoadedIndex, options: LiveIndexOptions): LiveIndex {
  const { docsDir, store, embedder } = options;
  const log = options.log ?? silentLogger;
  let served = initial;
  options.onLoad?.(initial);
  let running: Promise<BuildResult> | undefined;

  const rebuild = (onProgress?: (progress: BuildProgress) => void): Promise<BuildResult> => {
    if (running) throw new AppError('index_busy', 'a re-index is already running');
    running = buildIndex({ docsDir, store, embedder, log, onProgress, served })
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
    const upload = checkUpload(fileName, bytes);
    if (running) throw new AppError('index_busy', 'a re-index is already running');
    const { file, article } = await saveUpload(docsDir, upload);
    log.info({ file }, 'article added');
    const build = await rebuild();
    return { article, file, build };
  };

  return {
    current: () => served,
    isRebuilding: () => running !== undefined,
    rebuild,
    addArticleFile,
  };
}
