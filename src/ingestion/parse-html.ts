// HTML pages (including JSP/PHP/template pages with the article inside page code): strips server
// directives, finds the block holding the article (the element with the most paragraph text),
// and reads title, date, publisher and URL from meta tags or the page text.
import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import type { CheerioAPI } from 'cheerio';
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

/** Paragraph text an element holds directly, the score for "this is the article body". */
function directParagraphText($: CheerioAPI, element: Element): number {
  let total = 0;
  for (const child of element.children) {
    if (isText(child)) total += child.data.trim().length;
    else if (isTag(child) && ['p', 'br', 'span', 'font', 'strong', 'b'].includes(child.name)) {
      total += $(child).text().trim().length;
    }
  }
  return total;
}

function findArticleRoot($: CheerioAPI): AnyNode | undefined {
  let best: Element | undefined;
  let bestScore = 0;
  $('body *').each((_index, node) => {
    if (!isTag(node) || ['script', 'style', 'p', 'span', 'a', 'font', 'strong', 'b'].includes(node.name)) return;
    const score = directParagraphText($, node);
    if (score > bestScore) {
      bestScore = score;
      best = node;
    }
  });
  if (best && bestScore >= 80) return best;
  return $('body').get(0) ?? $.root().get(0);
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
    cleanTitle($('title').first().text());
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
