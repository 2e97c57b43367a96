// The index being served, and the ways to change it while it is served, one build at a time: a
// rebuild from DOCS_DIR that swaps in the new build when it is complete, and adding an article file
// (saved to DOCS_DIR, then added to the served build without reading the other articles again).
import { AppError } from '../errors.js';
import type { Article } from '../ingestion/types.js';
import { silentLogger, type Logger } from '../log.js';
import type { Embedder } from '../vector-store/embeddings.js';
import type { IndexStore, LoadedIndex } from '../vector-store/store.js';
import type { ParserThreadOptions } from '../ingestion/parser-thread.js';
import { addArticleToIndex, buildIndex, type BuildProgress, type BuildResult } from './build.js';
import { checkUpload, saveUpload } from './uploads.js';

export interface LiveIndexOptions {
  docsDir: string;
  store: IndexStore;
  embedder: Embedder;
  log?: Logger;
  /** Called with each index before it is served (the first, then each rebuild): warm caches here. */
  onLoad?: (index: LoadedIndex) => void;
  /** Time budget for reading one file, in milliseconds. Default `PARSE_TIMEOUT_MS` (10 s). */
  parseTimeoutMs?: number;
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
  /**
   * Checks an article file, saves it under DOCS_DIR/uploads and adds it to the served index (only
   * its own chunks are embedded; no other article is read again). Files are added one at a
   * time, and a running re-index is waited for rather than refused: `onQueued` is called when the
   * file has to wait.
   */
  addArticleFile(fileName: string, bytes: Uint8Array, options?: { onQueued?: () => void }): Promise<AddedArticle>;
}

export function createLiveIndex(initial: LoadedIndex, options: LiveIndexOptions): LiveIndex {
  const { docsDir, store, embedder } = options;
  const log = options.log ?? silentLogger;
  let served = initial;
  options.onLoad?.(initial);
  const parsing: ParserThreadOptions = { timeoutMs: options.parseTimeoutMs };
  let running: Promise<BuildResult> | undefined;

  /** Runs one build (none other may be running) and serves its index when it succeeds. */
  const runBuild = (build: () => Promise<BuildResult>): Promise<BuildResult> => {
    if (running) throw new AppError('index_busy', 'a re-index is already running');
    running = build()
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

  const rebuild = (onProgress?: (progress: BuildProgress) => void): Promise<BuildResult> =>
    runBuild(() =>
      buildIndex({
        docsDir,
        store,
        embedder,
        log,
        onProgress,
        served,
        loadOptions: { parseTimeoutMs: options.parseTimeoutMs },
      }),
    );

  // Uploads one after another, so two never race for a file name or for the build.
  let uploads: Promise<unknown> = Promise.resolve();
  let uploadsPending = 0;
  const addArticleFile = async (
    fileName: string,
    bytes: Uint8Array,
    addOptions: { onQueued?: () => void } = {},
  ): Promise<AddedArticle> => {
    const upload = await checkUpload(fileName, bytes, parsing);
    if (running || uploadsPending > 0) addOptions.onQueued?.();
    uploadsPending += 1;
    const added = uploads.then(async () => {
      const { file, article } = await saveUpload(docsDir, upload, parsing);
      log.info({ file }, 'article added');
      // Nothing is awaited between the last check and runBuild(), so no other build can start between.
      while (running) await running.catch(() => undefined);
      const build = await runBuild(() =>
        addArticleToIndex({
          docsDir,
          store,
          embedder,
          log,
          served,
          article,
          loadOptions: { parseTimeoutMs: options.parseTimeoutMs },
        }),
      );
      return { article, file, build };
    });
    uploads = added.catch(() => undefined).finally(() => (uploadsPending -= 1));
    return added;
  };

  return {
    current: () => served,
    isRebuilding: () => running !== undefined,
    rebuild,
    addArticleFile,
  };
}
