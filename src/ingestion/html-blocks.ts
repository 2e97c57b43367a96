// HTML to text blocks with cheerio: block elements and <br> end a block; scripts, styles and
// page chrome are skipped. Used for whole pages and for HTML inside Markdown posts.
import * as cheerio from 'cheerio';
import { isDocument, isTag, isText, type AnyNode } from 'domhandler';
import { HAN_CHARS } from '../text/han.js';

const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'iframe',
  'form',
  'select',
  'button',
  'input',
  'textarea',
  'nav',
  'header',
  'footer',
  'aside',
  'svg',
  'canvas',
  'template',
  'object',
  'embed',
  'head',
]);

const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'li',
  'ul',
  'ol',
  'table',
  'tr',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'center',
  'dd',
  'dt',
  'dl',
  'figure',
  'figcaption',
  'body',
  'html',
  'tbody',
  'thead',
]);

/**
 * Characters written without spaces between them: Han (with Extension A and the symbols before the
 * main block), CJK punctuation and kana, and full-width forms.
 */
const CJK = new RegExp(`[\\u3000-\\u30ff\\u3400-\\u4dff${HAN_CHARS}\\uff00-\\uffef]`);

/** Joins lines broken inside a block: no space between two CJK characters, one space otherwise. */
function joinWrapped(text: string): string {
  return text.replace(/\s*\n\s*/g, (_match, offset: number, whole: string) => {
    const before = whole.slice(0, offset).trimEnd().slice(-1);
    const after = whole.slice(offset + _match.length, offset + _match.length + 1);
    return CJK.test(before) && CJK.test(after) ? '' : ' ';
  });
}

export interface BlockOptions {
  /** Treat newlines in text as block ends (Markdown bodies) rather than wrapping (HTML pages). */
  newlinesBreak: boolean;
}

/** Text blocks under `root`, in document order. */
export function collectBlocks(root: AnyNode, options: BlockOptions): string[] {
  const blocks: string[] = [];
  let current = '';
  const flush = (): void => {
    const parts = options.newlinesBreak ? current.split(/\r?\n/) : [joinWrapped(current)];
    for (const part of parts) {
      const trimmed = part.replace(/\s+/g, (s) => (s.includes('\n') ? ' ' : s)).trim();
      if (trimmed !== '') blocks.push(trimmed);
    }
    current = '';
  };
  const walk = (node: AnyNode): void => {
    if (isText(node)) {
      current += node.data;
      return;
    }
    if (!isTag(node) && !isDocument(node)) return;
    const name = isTag(node) ? node.name.toLowerCase() : 'body';
    if (SKIPPED.has(name)) return;
    if (name === 'br') {
      flush();
      return;
    }
    const isBlock = BLOCKS.has(name);
    if (isBlock) flush();
    for (const child of node.children) walk(child);
    if (isBlock) flush();
  };
  walk(root);
  flush();
  return blocks;
}

/** Loads HTML (a page or a fragment) into cheerio. */
export function loadHtml(html: string): cheerio.CheerioAPI {
  return cheerio.load(html);
}
