// Inline mode: "@bot question" in any chat. Answers fast with the extractive path: the answer first,
// then the best passages, each message carrying its figure and source.
import { Composer, type Context } from 'telegraf';
import type { InlineQueryResultArticle } from 'telegraf/types';
import type { Answer } from '../answer/types.js';
import { renderMessage } from '../messages.js';
import { findFigures } from '../retrieval/figures.js';
import type { Passage } from '../retrieval/search.js';
import { splitSentences } from '../text/sentences.js';
import { describeSourceHtml, escapeHtml, MESSAGE_LIMIT, renderAnswer } from './html.js';
import type { BotState } from './state.js';

/** Results shown for one inline query, at most. */
const MAX_RESULTS = 5;

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** The sentence of a passage to show: the first with a figure, else its opening. */
function keySentence(passage: Passage): string {
  const text = passage.chunk.text;
  const sentences = splitSentences(text);
  return sentences.find((s) => findFigures(s).length > 0) ?? sentences[0] ?? text.slice(0, 200);
}

/** An inline result whose message is the given Telegram HTML. */
function htmlResult(id: string, title: string, description: string, html: string): InlineQueryResultArticle {
  return {
    type: 'article',
    id,
    title,
    description,
    input_message_content: {
      message_text: clip(html, MESSAGE_LIMIT),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    },
  };
}

/** What an empty query shows: how to ask. */
function hintResult(): InlineQueryResultArticle {
  return {
    type: 'article',
    id: 'hint',
    title: renderMessage('inlinePrompt'),
    description: renderMessage('inlineExample'),
    input_message_content: { message_text: renderMessage('inlineHowTo') },
  };
}

/** The answer first, then (when answered) one result per passage with a distinct key sentence. */
function answerResults(query: string, answer: Answer, passages: readonly Passage[]): InlineQueryResultArticle[] {
  const evidence = answer.text.split('\n').filter((line) => /\[\d+\]$/.test(line));
  const answerTitle = answer.status === 'answered' ? (evidence[0] ?? answer.text) : answer.text;
  const answerHtml = `<b>${escapeHtml(clip(query, 300))}</b>\n\n${renderAnswer(answer)}`;
  const results = [htmlResult('answer', clip(answerTitle, 100), clip(query, 120), answerHtml)];
  if (answer.status !== 'answered') return results;
  const seen = new Set<string>();
  for (const passage of passages) {
    if (results.length >= MAX_RESULTS) break;
    const sentence = keySentence(passage);
    if (seen.has(sentence)) continue;
    seen.add(sentence);
    const html = `${escapeHtml(sentence)}\n\n— ${describeSourceHtml(passage.article, ', ')}`;
    results.push(htmlResult(`p${results.length}`, clip(passage.article.title, 100), clip(sentence, 150), html));
  }
  return results;
}

export function inlineFeature(state: BotState): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    if (query === '') {
      await ctx.answerInlineQuery([hintResult()], { cache_time: 300 });
      return;
    }
    // Inline queries have a deadline: never wait for the LLM.
    const { answer, passages } = await state.deps.answerer.answerWithDetails(query, { mode: 'extractive' });
    if (answer.status !== 'invalid') state.stats.questionsAnswered += 1;
    await ctx.answerInlineQuery(answerResults(query, answer, passages), { cache_time: 60 });
  });
  return composer;
}
