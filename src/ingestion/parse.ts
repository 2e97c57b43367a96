// Chooses a parser by what the file holds (front matter, HTML, a text header line), falling back
// to its extension, then cleans and assembles the Article.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { cleanParagraphs, normaliseSpace, toIsoDate } from './clean.js';
import { parseHtml } from './parse-html.js';
import { hasFrontMatter, parseMarkdownArticles } from './parse-markdown.js';
import { parsePlainText } from './parse-text.js';
import { notProseReason } from './prose.js';
import type { Article, ParsedArticle } from './types.js';

export type ArticleFormat = 'text' | 'markdown' | 'html';

/** File extensions read as articles; anything else is skipped with a warning. */
export const SUPPORTED_EXTENSIONS: Readonly<Record<string, ArticleFormat>> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.shtml': 'html',
  '.xhtml': 'html',
  '.jsp': 'html',
  '.asp': 'html',
  '.aspx': 'html',
  '.php': 'html',
  '.tpl': 'html',
};

const HTML_SIGNS = /<(?:!doctype|html|head|body|div|p|table|meta)[\s>]|<%@/i;

/** The format of a file, from its content first and its extension second; undefined when unsupported. */
export function detectFormat(file: string, text: string): ArticleFormat | undefined {
  const byExtension = SUPPORTED_EXTENSIONS[path.extname(file).toLowerCase()];
  if (byExtension === undefined) return undefined;
  if (hasFrontMatter(text)) return 'markdown';
  if (byExtension === 'text' && HTML_SIGNS.test(text.slice(0, 2000))) return 'html';
  return byExtension;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A stable article id: the same relative path always gives the same id. */
export function articleIdFor(relativeFile: string): string {
  return sha256(relativeFile.normalize('NFC')).slice(0, 16);
}

export type ParseOutcome = { ok: true; articles: Article[] } | { ok: false; reason: string };

function assemble(relativeFile: string, parsed: ParsedArticle, id: string): Article | undefined {
  const cleaned = cleanParagraphs(parsed.paragraphs);
  if (cleaned.paragraphs.join('').length < 20) return undefined;
  const baseName = path.basename(relativeFile, path.extname(relativeFile));
  const title = normaliseSpace(parsed.title ?? '') || baseName;
  const paragraphs = cleaned.paragraphs.filter((p, i) => !(i === 0 && p === title));
  const articleText = paragraphs.join('\n\n');
  const fields = {
    title,
    date: parsed.date ?? toIsoDate(baseName) ?? toIsoDate(baseName.match(/(?:19|20)\d{6}(?!\d)/)?.[0]),
    publisher: parsed.publisher ?? cleaned.publisher,
    url: parsed.url ?? cleaned.url,
  };
  const contentHash = sha256(JSON.stringify({ ...fields, text: articleText }));
  return { id, file: relativeFile, ...fields, paragraphs, text: articleText, contentHash };
}

/** Parses one decoded file into its articles (several for a multi-story transcript), or says why it holds none. */
export function parseArticle(relativeFile: string, text: string): ParseOutcome {
  const format = detectFormat(relativeFile, text);
  if (format === undefined) {
    return { ok: false, reason: `unsupported file type "${path.extname(relativeFile) || '(none)'}"` };
  }
  let parsed: ParsedArticle[];
  try {
    if (format === 'markdown') parsed = parseMarkdownArticles(text);
    else if (format === 'html') parsed = [parseHtml(text)];
    else parsed = [parsePlainText(text)];
  } catch (error) {
    return { ok: false, reason: `could not be parsed as ${format}: ${(error as Error).message}` };
  }
  const single = parsed.length === 1;
  const assembled = parsed
    .map((p, i) => assemble(relativeFile, p, articleIdFor(single ? relativeFile : `${relativeFile}#${i}`)))
    .filter((a): a is Article => a !== undefined);
  if (assembled.length === 0) return { ok: false, reason: 'no article text found' };
  const problems = assembled.map((article) => notProseReason(article.text));
  const articles = assembled.filter((_, i) => problems[i] === undefined);
  const problem = problems.find((reason) => reason !== undefined);
  if (articles.length === 0) return { ok: false, reason: problem ?? 'no article text found' };
  return { ok: true, articles };
}
