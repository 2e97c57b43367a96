// HTML pages (including JSP/PHP/template pages with the article inside page code): strips server
// directives, finds the block holding the article (the element with the most paragraph text),
// and reads title, date, publisher and URL from meta tags or the page text.
import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import type { CheerioAPI } from 'cheerio';
import { hasHan } from '../text/han.js';
import { collectBlocks, loadHtml } from './html-blocks.js';
import { normaliseSpace, toIsoDate } from './clean.js';
import type { ParsedArticle } from './types.js';

/** Server-side directives and template tags that are page code, not article text. */
function stripPageCode(html: string): string {
  return html
    .replace(/<%[\s\S]*?%>/g, '')
    .replace(/<\?(?:php|=)?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\{\{[\s\S]*?\}\}/g, '')
    .replace(/\{%[\s\S]*?%\}/g, '')
    .replace(/\{\/?(?:if|else|elseif|foreach|section|include|literal|assign|php)\b[^}]*\}/g, '')
    .replace(/\{\$[^}]*\}/g, '');
}

function meta($: CheerioAPI, selectors: readonly string[]): string | undefined {
  for (const selector of selectors) {
    const value = $(selector).first().attr('content')?.trim();
    if (value) return value;
  }
  return undefined;
}

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'td',
  'li',
  'blockquote',
  'center',
  'body',
  'table',
  'tr',
  'ul',
  'ol',
  'dd',
]);

/** Inline text an element holds itself (not inside nested blocks), and how much of it is link text. */
function ownText(element: Element): { length: number; linked: number } {
  let length = 0;
  let linked = 0;
  const walk = (node: AnyNode, inLink: boolean): void => {
    if (isText(node)) {
      const n = node.data.replace(/\s+/g, '').length;
      length += n;
      if (inLink) linked += n;
      return;
    }
    if (!isTag(node) || ['script', 'style', 'noscript'].includes(node.name)) return;
    if (node !== element && BLOCK_TAGS.has(node.name)) return;
    for (const child of node.children) walk(child, inLink || node.name === 'a');
  };
  walk(element, false);
  return { length, linked };
}

/**
 * The element holding the article: every block with enough text of its own (not mostly links)
 * scores for its parent and, half, its grandparent, as readability tools do; the best scorer wins.
 */
function findArticleRoot($: CheerioAPI): AnyNode | undefined {
  const scores = new Map<Element, number>();
  $('body *').each((_index, node) => {
    if (!isTag(node) || !BLOCK_TAGS.has(node.name)) return;
    const { length, linked } = ownText(node);
    if (length < 20 || linked / length > 0.5) return;
    const parent = node.parent && isTag(node.parent) ? node.parent : undefined;
    const grandparent = parent?.parent && isTag(parent.parent) ? parent.parent : undefined;
    scores.set(node, (scores.get(node) ?? 0) + length * 0.25);
    if (parent) scores.set(parent, (scores.get(parent) ?? 0) + length);
    if (grandparent) scores.set(grandparent, (scores.get(grandparent) ?? 0) + length / 2);
  });
  let best: Element | undefined;
  let bestScore = 0;
  for (const [element, score] of scores) {
    if (score > bestScore) {
      bestScore = score;
      best = element;
    }
  }
  if (best && bestScore >= 60) return best;
  return $('body').get(0) ?? $.root().get(0);
}

/** A headline-looking element when the page has no <title>, og:title or <h1>. */
function headlineElement($: CheerioAPI): string | undefined {
  const selectors = [
    'h2',
    '[class*="title" i]',
    '[id*="title" i]',
    '[class*="tit" i]',
    '[class*="headline" i]',
    '.newst',
  ];
  for (const selector of selectors) {
    for (const element of $(selector).toArray()) {
      const text = normaliseSpace($(element).text());
      if (text.length >= 6 && text.length <= 100 && hasHan(text)) return text;
    }
  }
  return undefined;
}

const TITLE_SEPARATORS = /\s*(?:[-_|｜—–]{1,2}|::)\s*/;

function cleanTitle(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const text = normaliseSpace(raw);
  const parts = text.split(TITLE_SEPARATORS).filter((part) => part.length > 0);
  // Page titles end with the site's name: keep the longest leading part.
  const first = parts[0];
  if (first && first.length >= 6) return first;
  return text || undefined;
}

export function parseHtml(source: string): ParsedArticle {
  const $ = loadHtml(stripPageCode(source));
  const headline = normaliseSpace($('h1').first().text()) || undefined;
  const title =
    cleanTitle(meta($, ['meta[property="og:title"]', 'meta[name="title"]'])) ??
    (headline && headline.length >= 4 ? headline : undefined) ??
    cleanTitle($('title').first().text()) ??
    headlineElement($);
  const root = findArticleRoot($);
  const blocks = root ? collectBlocks(root, { newlinesBreak: false }) : [];
  const pageText = normaliseSpace($('body').text()).slice(0, 4000);
  const date =
    toIsoDate(
      meta($, [
        'meta[property="article:published_time"]',
        'meta[name="publishdate"]',
        'meta[name="PubDate"]',
        'meta[name="pubdate"]',
        'meta[name="date"]',
      ]) ?? $('time[datetime]').first().attr('datetime'),
    ) ?? toIsoDate(pageText);
  const sourceInText = /(?:来源|稿源|来自)\s*[:：]\s*([^\s|｜:：<>]{2,20})/.exec(pageText)?.[1];
  const paragraphs = blocks.filter((block) => block !== title && block !== headline);
  return {
    title,
    date,
    publisher: meta($, ['meta[property="og:site_name"]', 'meta[name="source"]']) ?? sourceInText,
    url: $('link[rel="canonical"]').attr('href') ?? meta($, ['meta[property="og:url"]']),
    paragraphs,
  };
}
