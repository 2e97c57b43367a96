// Reads every article file under a folder, in a worker thread with a time budget per file. A file
// that is empty, binary, unreadable, of an unknown type, too big, too slow to read or not prose is
// skipped with a warning naming it; the rest go on.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { createParserThread, type ParserThread } from './parser-thread.js';
import type { Article, SkippedFile } from './types.js';

export interface LoadResult {
  articles: Article[];
  skipped: SkippedFile[];
}

/** Article files are at most this big; larger files are not news articles. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface LoadOptions {
  /** Time budget for reading one file, in milliseconds. Default `PARSE_TIMEOUT_MS` (10 s). */
  parseTimeoutMs?: number;
}

/** Whether a symbolic link leads to a file (a broken link does not). */
async function isFileTarget(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Every file under `dir` (links followed, hidden files skipped), sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files: string[] = [];
  for (const entry of entries) {
    const file = path.join(entry.parentPath, entry.name);
    if (
      path
        .relative(dir, file)
        .split(path.sep)
        .some((part) => part.startsWith('.'))
    )
      continue;
    // Symbolic links are followed, so a folder of links can gather articles from several places.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await isFileTarget(file)));
    if (isFile) files.push(file);
  }
  return files.sort();
}

/** Loads one file's articles, or the reason it holds none. */
export async function loadArticleFile(
  docsDir: string,
  file: string,
  parser: ParserThread,
): Promise<{ articles: Article[] } | { skipped: SkippedFile }> {
  const relative = path.relative(docsDir, file).split(path.sep).join('/');
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.size > MAX_FILE_BYTES) return { skipped: { file: relative, reason: 'the file is larger than 5 MB' } };
    bytes = await readFile(file);
  } catch (error) {
    return { skipped: { file: relative, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}` } };
  }
  const outcome = await parser.parse(relative, bytes);
  if (!outcome.ok) return { skipped: { file: relative, reason: outcome.reason } };
  return { articles: outcome.articles };
}

/** Loads all articles under `docsDir`; throws AppError('docs_dir_missing') when it is not a folder. */
export async function loadArticles(
  docsDir: string,
  log: Logger = silentLogger,
  options: LoadOptions = {},
): Promise<LoadResult> {
  try {
    const info = await stat(docsDir);
    if (!info.isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new AppError('docs_dir_missing', `DOCS_DIR "${docsDir}" does not exist or is not a folder`, {
      cause: error,
    });
  }
  const articles: Article[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Map<string, string>();
  const parser = createParserThread({ timeoutMs: options.parseTimeoutMs });
  try {
    for (const file of await listFiles(docsDir)) {
      const result = await loadArticleFile(docsDir, file, parser);
      if ('skipped' in result) {
        skipped.push(result.skipped);
        const { file: skippedFile, reason } = result.skipped;
        log.warn({ file: skippedFile, reason }, `skipped ${skippedFile}: ${reason}`);
        continue;
      }
      for (const article of result.articles) {
        const duplicateOf = seen.get(article.contentHash);
        if (duplicateOf !== undefined) {
          if (result.articles.length === 1) {
            skipped.push({ file: article.file, reason: `same article as ${duplicateOf}` });
            log.warn({ file: article.file }, `skipped ${article.file}: same article as ${duplicateOf}`);
          }
          continue;
        }
        seen.set(article.contentHash, article.file);
        articles.push(article);
      }
    }
  } finally {
    await parser.close();
  }
  return { articles, skipped };
}
