// Telegram HTML: everything from articles and users escaped, answers rendered with their numbered
// source list, and long texts split under Telegram's 4096-character limit on paragraph boundaries.
import { describeSource, type SourceFacts } from '../answer/format.js';
import type { Answer, Citation } from '../answer/types.js';
import { messageIn } from '../messages.js';

/** Telegram's limit for one message's text. */
export const MESSAGE_LIMIT = 4096;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The title, escaped, and linked to the article when it has a web address. */
function linkedTitle(source: SourceFacts & { url?: string | undefined }): string {
  const title = escapeHtml(source.title);
  return source.url && /^https?:\/\//.test(source.url) ? `<a href="${escapeHtml(source.url)}">${title}</a>` : title;
}

/** describeSource in Telegram HTML: the title linked, everything escaped. */
export function describeSourceHtml(source: SourceFacts & { url?: string | undefined }, separator?: string): string {
  return describeSource(source, { title: linkedTitle(source), escape: escapeHtml, separator });
}

function sourceLine(citation: Citation): string {
  return `[${citation.n}] ${describeSourceHtml(citation)}`;
}

/** The answer as Telegram HTML: text, then "来源 / Sources" (in the answer's language) with linked titles. */
export function renderAnswer(answer: Answer): string {
  const body = escapeHtml(answer.text);
  if (answer.citations.length === 0) return body;
  const heading = `<b>${messageIn(answer.language, 'sourcesHeading')}</b>`;
  return `${body}\n\n${heading}\n${answer.citations.map(sourceLine).join('\n')}`;
}

/** The quoted passages behind an answer's citations. */
export function renderPassages(answer: Answer): string {
  const heading = `<b>${messageIn(answer.language, 'passagesHeading')}</b>`;
  const blocks = answer.citations.map((c) => `${sourceLine(c)}\n<blockquote>${escapeHtml(c.passage)}</blockquote>`);
  return `${heading}\n\n${blocks.join('\n\n')}`;
}

/**
 * Telegram HTML as plain text with the same content: links become "title (address)", tags go,
 * entities are decoded. For resending a message Telegram could not parse.
 */
export function htmlToPlainText(html: string): string {
  return html
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (_, href: string, title: string) => `${title} (${href})`)
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Where a long paragraph may be cut when it has no line break: after a sentence. */
const SENTENCE_ENDS = ['。', '！', '？', '. '];

/** Closes tags left open at a cut so each part is valid HTML on its own. */
function balance(part: string): { text: string; reopen: string } {
  const open: string[] = [];
  for (const match of part.matchAll(/<(\/?)(b|i|u|s|a|code|pre|blockquote)(?:\s[^>]*)?>/g)) {
    if (match[1] === '/') open.pop();
    else open.push(match[0]);
  }
  const closing = [...open]
    .reverse()
    .map((tag) => `</${/^<(\w+)/.exec(tag)?.[1] ?? 'b'}>`)
    .join('');
  return { text: part + closing, reopen: open.join('') };
}

/**
 * Where to cut a window of HTML: the last paragraph break, else line break, else sentence end, in its
 * last two thirds (else the window's end); never inside a tag or an entity.
 */
function chooseCut(window: string): number {
  let cut = Math.max(window.lastIndexOf('\n\n'), -1);
  if (cut < window.length / 3) cut = window.lastIndexOf('\n');
  if (cut < window.length / 3) cut = Math.max(...SENTENCE_ENDS.map((end) => window.lastIndexOf(end) + end.length - 1));
  if (cut < window.length / 3) cut = window.length;
  const lastOpen = window.lastIndexOf('<', cut);
  if (lastOpen > window.lastIndexOf('>', cut - 1)) cut = lastOpen;
  const lastAmp = window.lastIndexOf('&', cut);
  if (lastAmp > window.lastIndexOf(';', cut - 1) && cut - lastAmp < 8) cut = lastAmp;
  return cut;
}

/**
 * Splits HTML into messages of at most `limit` characters, at paragraph breaks, then line breaks,
 * then sentence ends; tags cut across parts are closed and reopened.
 */
export function splitMessage(html: string, limit = MESSAGE_LIMIT): string[] {
  const budget = limit - 64; // room for tags reopened or closed at a cut
  const parts: string[] = [];
  let rest = html;
  let reopen = '';
  while ((reopen + rest).length > limit) {
    const cut = chooseCut(rest.slice(0, budget - reopen.length));
    const { text, reopen: next } = balance(reopen + rest.slice(0, cut));
    parts.push(text.trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
    reopen = next;
  }
  if (rest.trim() !== '') parts.push(reopen + rest);
  return parts;
}
