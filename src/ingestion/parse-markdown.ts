// Markdown articles, with or without YAML front matter (Jekyll and Hexo posts), whose bodies may
// be HTML paragraphs. Markdown syntax is reduced to plain text; autolinks become bare URL lines.
import { parse as parseYaml } from 'yaml';
import { collectBlocks, loadHtml } from './html-blocks.js';
import { toIsoDate } from './clean.js';
import type { ParsedArticle } from './types.js';

const FRONT_MATTER = /^\s*---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

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
    // The core schema keeps dates as written ("YYYY-MM-DD hh:mm:ss +0800"), so no time-zone shift.
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
  // Autolinks look like tags to an HTML parser; make them bare URLs first. A link to the original
  // ("[查看原文](url)") becomes a bare URL line too, which cleaning keeps as the article's address.
  const withLinks = body
    .replace(/<(https?:\/\/[^\s<>]+)>/g, '$1')
    .replace(/^\s*\[(?:查看原文|阅读原文|原文链接|原文|来源链接)\]\((https?:\/\/[^\s)]+)\)\s*$/gm, '$1');
  const $ = loadHtml(`<body>${withLinks}</body>`);
  const root = $('body').get(0);
  const blocks = root ? collectBlocks(root, { newlinesBreak: true }) : [];
  return blocks.map(stripMarkdown).filter((line) => line !== '');
}

/** Sections of a multi-story document: `##`/`###` headings, or paragraphs that are only a bold line. */
interface Section {
  heading: string;
  body: string;
}

const SUMMARY_HEADINGS = /^(新闻摘要|本期节目主要内容|内容提要|目录|摘要|详细新闻)$/;

function splitSections(body: string): Section[] {
  // A paragraph that is nothing but a bold line is a story heading inside a roundup (快讯).
  const marked = body.replace(/<p>\s*<(strong|b)>([^<]{4,80})<\/\1>\s*<\/p>/g, '\n\n### $2\n\n');
  const sections: Section[] = [];
  let current: Section | undefined;
  for (const line of marked.split(/\r?\n/)) {
    const heading = /^\s{0,3}#{2,4}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading?.[1]) {
      current = { heading: stripMarkdown(heading[1]), body: '' };
      sections.push(current);
    } else if (current) {
      current.body += `${line}\n`;
    }
  }
  return sections;
}

/** A list of numbered headlines (a programme's summary) is not a story. */
function isSummary(section: Section, lines: readonly string[]): boolean {
  if (SUMMARY_HEADINGS.test(section.heading)) return true;
  const numbered = lines.filter((line) => /^[（(]?\d{1,2}[）).、]/.test(line)).length;
  return lines.length > 0 && numbered / lines.length > 0.5;
}

/**
 * Parses a Markdown article. A transcript of many stories (a `#` title and three or more story
 * headings) becomes one article per story, each with its own heading as title.
 */
export function parseMarkdownArticles(text: string): ParsedArticle[] {
  const { data, body } = readFrontMatter(text);
  const documentTitle = firstString(data, ['title']) ?? /^\s{0,3}#\s+(.+)$/m.exec(body)?.[1]?.trim();
  const dateValue = data.date ?? data.published ?? data.pubDate ?? data.updated;
  const date = toIsoDate(dateValue) ?? toIsoDate(documentTitle?.match(/(?:19|20)\d{6}/)?.[0]);
  const publisher = firstString(data, ['source', 'publisher', 'media', 'author']);
  const url = firstString(data, ['url', 'link', 'source_url', 'original_url', 'origin', 'canonical']);

  const sections = splitSections(body);
  const stories = sections
    .map((section) => ({ section, lines: markdownLines(section.body) }))
    .filter(({ section, lines }) => lines.join('').length >= 20 && !isSummary(section, lines));
  if (/^\s{0,3}#\s+/m.test(body) && stories.length >= 3) {
    const programme = documentTitle?.replace(/\s*[(（]\d{8}[)）]\s*$/, '').trim();
    return stories.map(({ section, lines }) => ({
      title: section.heading,
      date,
      publisher: publisher ?? programme,
      url: undefined,
      paragraphs: lines,
    }));
  }

  let title = firstString(data, ['title']);
  let lines = markdownLines(body);
  const heading = /^\s{0,3}#\s+(.+)$/m.exec(body);
  if (title === undefined && heading?.[1]) {
    title = stripMarkdown(heading[1]);
    const index = lines.indexOf(title);
    if (index >= 0) lines = lines.filter((_line, i) => i !== index);
  }
  return [{ title, date, publisher, url, paragraphs: lines }];
}
