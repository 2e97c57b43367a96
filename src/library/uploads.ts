// Article files sent by admins: checked (type, size, readable in time, an article of prose) in a
// worker thread before anything is written, then saved under DOCS_DIR/uploads with a safe, unused name.
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, fileSystemError } from '../errors.js';
import { SUPPORTED_EXTENSIONS } from '../ingestion/parse.js';
import { createParserThread, type ParserThreadOptions } from '../ingestion/parser-thread.js';
import type { Article } from '../ingestion/types.js';

/** Extensions accepted for uploaded articles. */
export const UPLOAD_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm'] as const;
/** Largest uploaded article, in bytes. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/** Folder under DOCS_DIR where uploads are saved. */
const UPLOADS_FOLDER = 'uploads';

/** An upload that passed every check, ready to be saved. */
export interface CheckedUpload {
  /** The safe file name it will be saved under. */
  name: string;
  bytes: Uint8Array;
  /** The article parsed from it. */
  article: Article;
}

function safeFileName(name: string): string {
  const base = path.basename(name).normalize('NFC');
  const extension = path.extname(base).toLowerCase();
  const stem = path
    .basename(base, path.extname(base))
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 80);
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

/** Reads an upload's article in a worker thread within the time budget; throws `article_invalid` naming the file. */
async function readUpload(
  fileName: string,
  file: string,
  bytes: Uint8Array,
  options: ParserThreadOptions,
): Promise<Article> {
  const parser = createParserThread(options);
  try {
    const parsed = await parser.parse(file, bytes);
    if (!parsed.ok) throw new AppError('article_invalid', `"${fileName}": ${parsed.reason}`);
    const article = parsed.articles[0];
    if (!article) throw new AppError('article_invalid', `"${fileName}": no article found`);
    return article;
  } finally {
    await parser.close();
  }
}

/** Checks an uploaded file; throws `article_invalid` naming the file and what is wrong. */
export async function checkUpload(
  fileName: string,
  bytes: Uint8Array,
  options: ParserThreadOptions = {},
): Promise<CheckedUpload> {
  const name = safeFileName(fileName);
  const extension = path.extname(name);
  const accepted = (UPLOAD_EXTENSIONS as readonly string[]).includes(extension);
  if (!accepted || SUPPORTED_EXTENSIONS[extension] === undefined) {
    throw new AppError(
      'article_invalid',
      `"${fileName}" is not a supported article file (${UPLOAD_EXTENSIONS.join(', ')})`,
    );
  }
  if (bytes.length > MAX_UPLOAD_BYTES) throw new AppError('article_invalid', `"${fileName}" is larger than 2 MB`);
  const article = await readUpload(fileName, `${UPLOADS_FOLDER}/${name}`, bytes, options);
  return { name, bytes, article };
}

/**
 * Saves a checked upload under DOCS_DIR/uploads, numbering the name when it is taken; returns the
 * file's path relative to DOCS_DIR and the article as read from there (its id follows the path).
 */
export async function saveUpload(
  docsDir: string,
  upload: CheckedUpload,
  options: ParserThreadOptions = {},
): Promise<{ file: string; article: Article }> {
  const folder = path.join(docsDir, UPLOADS_FOLDER);
  const extension = path.extname(upload.name);
  let target = path.join(folder, upload.name);
  await mkdir(folder, { recursive: true }).catch((error: unknown) => {
    throw fileSystemError(error, 'creating the uploads folder', folder);
  });
  for (let n = 2; await exists(target); n += 1) {
    target = path.join(folder, `${path.basename(upload.name, extension)}-${n}${extension}`);
  }
  try {
    await writeFile(target, upload.bytes);
  } catch (error) {
    // A partly written file would be read as a broken article by the next re-index.
    await rm(target, { force: true }).catch(() => undefined);
    throw fileSystemError(error, 'saving the article in', folder);
  }
  const file = path.relative(docsDir, target).split(path.sep).join('/');
  if (file === upload.article.file) return { file, article: upload.article };
  // A numbered name changes the article's id (and its title when the file has none): read it as saved.
  const article = await readUpload(upload.name, file, upload.bytes, options).catch(() => upload.article);
  return { file, article };
}
