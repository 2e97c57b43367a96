// Inline mode: "@bot question" in any chat. Answers fast with the extractive path: the answer first,
// then the best passages, each message carrying its figure and source.
import { Composer, type Context } from 'telegraf';
import type { InlineQueryResultArticle } from 'telegraf/types';
import { sentenceSpans } from '../ingestion/chunk.js';
import { findFigures } from '../retrieval/figures.js';
import type { Passage } from '../retrieval/search.js';
import { escapeHtml, MESSAGE_LIMIT, renderAnswer } from './html.js';
import type { BotState } from './state.js';

/** Results shown for one inline query, at most. */
const MAX_RESULTS = 5;

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** The sentence of a passage to show: the first with a figure, else its opening. */
function keySentence(passage: Passage): string {
  const text = passage.chunk.text;
  const sentences = sentenceSpans(text).map((s) => text.slice(s.start, s.end));
  return sentences.find((s) => findFigures(s).length > 0) ?? sentences[0] ?? text.slice(0, 200);
}

function sourceOf(passage: Passage): string {
  const a = passage.article;
  const title = escapeHtml(a.title);
  const linked = a.url && /^https?:\/\//.test(a.url) ? `<a href="${escapeHtml(a.url)}">${title}</a>` : title;
  const details = [a.publisher, a.date].filter(Boolean).map((d) => escapeHtml(String(d))).join(', ');
  return `— ${linked}${details ? `, ${details}` : ''}`;
}

export function inlineFeature(state: BotState): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    if (query === '') {
      const hint: InlineQueryResultArticle = {
        type: 'article',
        id: 'hint',
        title: '输入问题 / Type a question',
        description: '例如 佳木斯一季度签约了多少项目？ e.g. how much did Jiamusi sign in Q1?',
        input_message_content: {
          message_text: '向我提问招商引资新闻：在任意聊天输入 @我 + 问题。\nAsk me about investment news: type my @name and a question in any chat.',
        },
      };
      await ctx.answerInlineQuery([hint], { cache_time: 300 });
      return;
    }
    // Inline queries have a deadline: never wait for the LLM.
    const { answer, passages } = await state.deps.answerer.answerWithDetails(query, { mode: 'extractive' });
    if (answer.status !== 'invalid') state.stats.questionsAnswered += 1;
    const evidence = answer.text.split('\n').filter((line) => /\[\d+\]$/.test(line));
    const results: InlineQueryResultArticle[] = [
      {
        type: 'article',
        id: 'answer',
        title: clip(answer.status === 'answered' ? (evidence[0] ?? answer.text) : answer.text, 100),
        description: clip(query, 120),
        input_message_content: {
          message_text: clip(`<b>${escapeHtml(clip(query, 300))}</b>\n\n${renderAnswer(answer)}`, MESSAGE_LIMIT),
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        },
      },
    ];
    if (answer.status === 'answered') {
      const seen = new Set<string>();
      for (const passage of passages) {
        if (results.length >= MAX_RESULTS) break;
        const sentence = keySentence(passage);
        if (seen.has(sentence)) continue;
        seen.add(sentence);
        results.push({
          type: 'article',
          id: `p${results.length}`,
          title: clip(passage.article.title, 100),
          description: clip(sentence, 150),
          input_message_content: {
            message_text: clip(`${escapeHtml(sentence)}\n\n${sourceOf(passage)}`, MESSAGE_LIMIT),
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
          },
        });
      }
    }
    await ctx.answerInlineQuery(results, { cache_time: 60 });
  });
  return composer;
}
