// Article files sent by admins: checked (type, size, readable, an article) before anything is
// written, then saved under DOCS_DIR/uploads with a safe, unused name.
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { decodeArticleBytes } from '../ingestion/decode.js';
import { parseArticle, SUPPORTED_EXTENSIONS } from '../ingestion/parse.js';
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
  /** The decoded text. */
  text: string;
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

/** Checks an uploaded file; throws `article_invalid` naming the file and what is wrong. */
export function checkUpload(fileName: string, bytes: Uint8Array): CheckedUpload {
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
  const decoded = decodeArticleBytes(bytes);
  if (!decoded.ok) throw new AppError('article_invalid', `"${fileName}": ${decoded.reason}`);
  const parsed = parseArticle(`${UPLOADS_FOLDER}/${name}`, decoded.text);
  if (!parsed.ok) throw new AppError('article_invalid', `"${fileName}": ${parsed.reason}`);
  const article = parsed.articles[0];
  if (!article) throw new AppError('article_invalid', `"${fileName}": no article found`);
  return { name, bytes, text: decoded.text, article };
}

/**
 * Saves a checked upload under DOCS_DIR/uploads, numbering the name when it is taken; returns the
 * file's path relative to DOCS_DIR and the article as read from there (its id follows the path).
 */
export async function saveUpload(docsDir: string, upload: CheckedUpload): Promise<{ file: string; article: Article }> {
  const folder = path.join(docsDir, UPLOADS_FOLDER);
  await mkdir(folder, { recursive: true });
  const extension = path.extname(upload.name);
  let target = path.join(folder, upload.name);
  for (let n = 2; await exists(target); n += 1) {
    target = path.join(folder, `${path.basename(upload.name, extension)}-${n}${extension}`);
  }
  await writeFile(target, upload.bytes);
  const file = path.relative(docsDir, target).split(path.sep).join('/');
  const reparsed = parseArticle(file, upload.text);
  return { file, article: (reparsed.ok ? reparsed.articles[0] : undefined) ?? upload.article };
}
