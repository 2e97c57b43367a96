// Generated answers: numbered sources into the answer prompt, the model's text out (streamed), then
// checked: unknown [n] removed, sentences whose figures appear in no cited source dropped, sources
// renumbered in order of first use. Anything unusable returns undefined so the caller falls back.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Logger } from '../log.js';
import type { Passage } from '../retrieval/search.js';
import type { Language } from '../text/language.js';
import { splitSentences } from '../text/sentences.js';
import type { ArticleRecord } from '../vector-store/store.js';
import { unsupportedFigures } from './figure-values.js';
import { withoutInstructions } from './instructions.js';
import type { Prompts } from './prompts.js';
import { citeArticle, type Answer, type Citation } from './types.js';
import { messageIn } from '../messages.js';

export interface Source {
  n: number;
  article: ArticleRecord;
  text: string;
}

/** Sources handed to the model at most. */
const MAX_SOURCES = 5;

/**
 * One numbered source per article, holding its retrieved passages in rank order, without the
 * sentences that address a model as instructions (not evidence; a passage of nothing else is left out).
 */
export function buildSources(passages: readonly Passage[], max = MAX_SOURCES): Source[] {
  const sources: Source[] = [];
  for (const passage of passages) {
    const text = withoutInstructions(passage.chunk.text);
    if (text === '') continue;
    const existing = sources.find((s) => s.article.id === passage.article.id);
    if (existing) {
      if (!existing.text.includes(text)) existing.text += `\n…\n${text}`;
    } else if (sources.length < max) {
      sources.push({ n: sources.length + 1, article: passage.article, text });
    }
  }
  return sources;
}

function attribute(value: string | undefined): string {
  return (value ?? '').replace(/["<>]/g, '');
}

/** Sources fenced in tags, so text inside them reads as material, not instructions. */
export function formatSources(sources: readonly Source[]): string {
  return sources
    .map((s) => {
      const { title, publisher, date } = s.article;
      const attributes = `title="${attribute(title)}" publisher="${attribute(publisher)}" date="${attribute(date)}"`;
      return `<source n="${s.n}" ${attributes}>\n${s.text.replace(/<\/?source[^>]*>/gi, '')}\n</source>`;
    })
    .join('\n\n');
}

export interface GenerateOptions {
  model: BaseChatModel;
  prompts: Prompts;
  timeoutMs: number;
  /** The question's deadline (its whole budget); default: timeoutMs for this call alone. */
  signal?: AbortSignal | undefined;
  /** Called with the text so far as it streams. */
  onPartial?: (text: string) => void;
}

/** Asks the model; returns its raw text. Throws on HTTP errors, timeouts and empty output. */
export async function generateRaw(
  options: GenerateOptions,
  question: string,
  language: Language,
  sources: readonly Source[],
): Promise<string> {
  const messages = await options.prompts.answer.formatMessages({
    language: language === 'zh' ? '简体中文 (Simplified Chinese)' : 'English',
    figure_rule:
      language === 'en'
        ? 'In English, follow each 亿元 or 万元 figure with a conversion in parentheses, e.g. 12.5亿元 (≈ CNY 1.25 billion).'
        : '',
    not_found: messageIn(language, 'notFound'),
    name_rule: language === 'en' ? 'In English answers gloss each name once, e.g. Harbin (哈尔滨).' : '',
    sources: formatSources(sources),
    question,
  });
  let text = '';
  // One deadline for the whole call, streaming included: on timeout the caller falls back.
  const signal = options.signal ?? AbortSignal.timeout(options.timeoutMs);
  const stream = await options.model.stream(messages, { signal });
  for await (const chunk of stream) {
    const content = typeof chunk.content === 'string' ? chunk.content : '';
    text += content;
    if (content) options.onPartial?.(text);
    if (text.length > MAX_RAW_CHARS) break;
  }
  if (text.trim() === '') throw new Error('the model returned an empty answer');
  return text.trim();
}

/** Longest generated answer shown, in characters (the sources list comes on top). */
export const MAX_ANSWER_CHARS = 1500;
/** Longest model output read: past it the stream is cut, the rest could never be shown. */
const MAX_RAW_CHARS = 3 * MAX_ANSWER_CHARS;

/**
 * The verified sentences that fit in MAX_ANSWER_CHARS, whole and in order, so every citation shown
 * belongs to a sentence shown; a first sentence longer than that is cut at a clause and keeps its cites.
 */
function capSentences<T extends { text: string; cites: number[] }>(sentences: readonly T[], separator: number): T[] {
  const shown: T[] = [];
  let length = 0;
  for (const sentence of sentences) {
    const added = sentence.text.length + (shown.length > 0 ? separator : 0);
    if (length + added > MAX_ANSWER_CHARS) break;
    shown.push(sentence);
    length += added;
  }
  const first = sentences[0];
  if (shown.length === 0 && first) {
    const markers = first.cites.map((n) => `[${n}]`).join('');
    const room = first.text.replace(/\[\d+\]/g, '').slice(0, MAX_ANSWER_CHARS - markers.length - 1);
    const clause = Math.max(...[...'，,；;、'].map((mark) => room.lastIndexOf(mark)));
    shown.push({ ...first, text: `${clause > 0 ? room.slice(0, clause) : room}…${markers}` });
  }
  return shown;
}

export interface Verified {
  answer: Answer | undefined;
  /** The model said the sources do not answer the question. */
  declined: boolean;
  dropped: string[];
}

const DECLINE_EN = "don'?t (?:cover|say)|do not (?:cover|say)|not (?:in|stated in) the (?:indexed )?articles";
const DECLINE_ZH = '没有找到|未提及|没有提到|无法回答';
/** How a model says the sources do not answer the question. */
const DECLINE = new RegExp(`${DECLINE_EN}|${DECLINE_ZH}`, 'i');

/** Checks a generated answer against its sources. */
export function verifyAnswer(
  raw: string,
  sources: readonly Source[],
  question: string,
  language: Language,
  log?: Logger,
): Verified {
  const byNumber = new Map(sources.map((s) => [s.n, s]));
  const kept: Array<{ text: string; cites: number[] }> = [];
  const dropped: string[] = [];
  // Sentences with the citation markers that follow them ("…。[1][2]").
  for (const sentence of splitSentences(raw, 'answer')) {
    const cites = [...new Set([...sentence.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
    const valid = cites.filter((n) => byNumber.has(n));
    const unknown = cites.filter((n) => !byNumber.has(n));
    let text = sentence;
    for (const n of unknown) text = text.split(`[${n}]`).join('');
    if (unknown.length > 0) log?.info({ unknown }, 'removed citations of sources that were not given');
    const claim = text.replace(/\[\d+\]/g, '').trim();
    if (claim === '') continue;
    if (valid.length === 0) {
      dropped.push(claim);
      continue;
    }
    // Figures are compared as values with their units, never as substrings of the sources.
    const evidence = valid.map((n) => byNumber.get(n)?.text ?? '').join('\n');
    const invented = unsupportedFigures(claim, evidence);
    if (invented.length > 0) {
      const figures = invented.map((f) => f.text);
      log?.warn({ figures }, 'dropped a generated sentence whose figures are in no cited source');
      dropped.push(claim);
      continue;
    }
    kept.push({ text, cites: valid });
  }
  if (kept.length === 0) {
    return { answer: undefined, declined: DECLINE.test(raw) && !/\[\d+\]/.test(raw), dropped };
  }
  const shown = capSentences(kept, language === 'zh' ? 0 : 1);
  // Renumber in order of first use; the source list shows only what the answer cites.
  const renumber = new Map<number, number>();
  for (const { cites } of shown) for (const n of cites) if (!renumber.has(n)) renumber.set(n, renumber.size + 1);
  const text = shown
    .map(({ text: sentence }) => sentence.replace(/\[(\d+)\]/g, (_m, n: string) => `[${renumber.get(Number(n)) ?? n}]`))
    .join(language === 'zh' ? '' : ' ')
    .trim();
  const citations: Citation[] = [...renumber.entries()].map(([old, n]) => {
    const source = byNumber.get(old)!;
    return citeArticle(n, source.article, source.text);
  });
  return { answer: { status: 'answered', question, language, text, citations }, declined: false, dropped };
}
