// Markdown articles, with or without YAML front matter (Jekyll and Hexo posts), whose bodies may
// be HTML paragraphs. Markdown syntax is reduced to plain text; autolinks become bare URL lines.
import { parse as parseYaml } from 'yaml';
import { collectBlocks, loadHtml } from './html-blocks.js';
import { toIsoDate } from './clean.js';
import type { ParsedArticle } from './types.js';

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function hasFrontMatter(text: string): boolean {
  return FRONT_MATTER.test(text);
}

function firstString(data: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (Array.isArray(value) && typeof value[0] === 'string' && value[0].trim() !== '') return value[0].trim();
  }
  return undefined;
}

function readFrontMatter(text: string): { data: Record<string, unknown>; body: string } {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { data: {}, body: text };
  let data: Record<string, unknown> = {};
  try {
    // The core schema keeps dates as written ("2022-03-28 07:23:00 +0800"), so no time-zone shift.
    const parsed: unknown = parseYaml(match[1] ?? '', { schema: 'core' });
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
  } catch {
    data = {};
  }
  return { data, body: text.slice(match[0].length) };
}

/** Reduces one Markdown line to its text: headings, emphasis, images and link targets removed. */
export function stripMarkdown(line: string): string {
  return line
    .replace(/^\s{0,3}#{1,6}\s+/, '')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/, '')
    .replace(/^\s*>\s?/, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s*([-*_]\s*){3,}$/, '')
    .trim();
}

/** Body lines of a Markdown document, with any HTML reduced to text blocks. */
export function markdownLines(body: string): string[] {
  // Autolinks look like tags to an HTML parser; make them bare URLs first.
  const withLinks = body.replace(/<(https?:\/\/[^\s<>]+)>/g, '$1');
  const $ = loadHtml(`<body>${withLinks}</body>`);
  const root = $('body').get(0);
  const blocks = root ? collectBlocks(root, { newlinesBreak: true }) : [];
  return blocks.map(stripMarkdown).filter((line) => line !== '');
}

export function parseMarkdown(text: string): ParsedArticle {
  const { data, body } = readFrontMatter(text);
  let title = firstString(data, ['title']);
  let lines = markdownLines(body);
  const heading = /^\s{0,3}#\s+(.+)$/m.exec(body);
  if (title === undefined && heading?.[1]) {
    title = stripMarkdown(heading[1]);
    lines = lines.filter((line, index) => !(index === lines.indexOf(title ?? '') && line === title));
  }
  const dateValue = data.date ?? data.published ?? data.pubDate ?? data.updated;
  return {
    title,
    date: toIsoDate(dateValue),
    publisher: firstString(data, ['source', 'publisher', 'media', 'author']),
    url: firstString(data, ['url', 'link', 'source_url', 'original_url', 'origin', 'canonical']),
    paragraphs: lines,
  };
}
