// Questions: every text in a private chat; in groups only /ask, mentions of the bot and replies to
// it (answered as a reply to the question). Also the button that shows an answer's quoted passages.
import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import { EXAMPLE_QUESTIONS, renderMessage, userMessage } from '../messages.js';
import { escapeHtml, renderPassages } from './html.js';
import { PASSAGES_CALLBACK, sendAnswer, sendText, type Draft } from './reply.js';
import type { BotState } from './state.js';

/** How to use /ask, with an example in each language. */
function askUsage(): string {
  const ask = (question: string): string => `<code>/ask ${question}</code>`;
  return (
    `${renderMessage('usage')}: ${ask(renderMessage('questionPlaceholder'))}\n` +
    `${renderMessage('forExample')} ${ask(EXAMPLE_QUESTIONS.zh)} ${renderMessage('or')} ${ask(EXAMPLE_QUESTIONS.en)}`
  );
}

function isGroup(ctx: Context): boolean {
  return ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup';
}

/** Whose conversation a message belongs to: the private chat, or one user within a group. */
export function conversationKey(ctx: Context): string {
  const chat = ctx.chat?.id ?? 0;
  return isGroup(ctx) ? `chat:${chat}:user:${ctx.from?.id ?? 0}` : `chat:${chat}`;
}

/** Least time between two edits of a streaming answer (Telegram limits edits per chat). */
export const STREAM_EDIT_MS = 1000;

/** Longest part of a generated text shown while it streams (room for the "…" and escaping). */
const STREAM_PREVIEW_CHARS = 3500;

/**
 * Shows a generated answer as it grows: the first text sent as a draft message, later ones edited
 * into it, at most once per STREAM_EDIT_MS. `draft()` is the message to finalise, once `settled()`.
 */
function streamDraft(ctx: Context): {
  onPartial: (text: string) => void;
  settled: () => Promise<unknown>;
  draft: () => Draft | undefined;
} {
  let draft: Draft | undefined;
  let lastEdit = 0;
  let editing: Promise<unknown> = Promise.resolve();
  const onPartial = (text: string): void => {
    const now = Date.now();
    if (now - lastEdit < STREAM_EDIT_MS) return;
    lastEdit = now;
    const preview = `${escapeHtml(text.slice(0, STREAM_PREVIEW_CHARS))} …`;
    editing = editing
      .then(async () => {
        if (!draft) {
          const sent = await ctx.reply(preview, { link_preview_options: { is_disabled: true }, parse_mode: 'HTML' });
          draft = { chatId: sent.chat.id, messageId: sent.message_id };
        } else {
          await ctx.telegram.editMessageText(draft.chatId, draft.messageId, undefined, preview, { parse_mode: 'HTML' });
        }
      })
      .catch(() => undefined);
  };
  return { onPartial, settled: () => editing, draft: () => draft };
}

/** Answers one question in the chat it came from; in groups as a reply to the question. */
export async function answerInChat(ctx: Context, state: BotState, question: string): Promise<void> {
  const replyTo = isGroup(ctx) ? ctx.message?.message_id : undefined;
  const verdict = state.limiter.take(ctx.from?.id ?? 0);
  if (verdict !== 'ok') {
    if (verdict === 'limited') await sendText(ctx, escapeHtml(userMessage('rate_limited')), replyTo);
    return;
  }
  await ctx.sendChatAction('typing').catch(() => undefined);
  // In private chats with an LLM, the answer is edited into one message as it is generated.
  const stream = state.deps.streamAnswers === true && ctx.chat?.type === 'private' ? streamDraft(ctx) : undefined;
  // One deadline for the whole question: past it the answerer gives the extractive answer with its
  // note, so the user gets exactly one answer, well before telegraf's handler timeout.
  const answer = await state.deps.answerer.answer(question, {
    conversation: conversationKey(ctx),
    signal: AbortSignal.timeout(state.questionBudgetMs),
    ...(stream ? { onPartial: stream.onPartial } : {}),
  });
  await stream?.settled();
  if (answer.status !== 'invalid') state.stats.questionsAnswered += 1;
  await sendAnswer(ctx, state, answer, replyTo, stream?.draft());
}

/** The text of a group message addressed to the bot, without the @mention; undefined if not addressed. */
function addressedText(ctx: Context, text: string): string | undefined {
  const username = ctx.botInfo?.username;
  const msg = ctx.message;
  if (!msg || !('text' in msg)) return undefined;
  const isMention = (e: { type: string; offset: number; length: number }): boolean =>
    e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${username?.toLowerCase()}`;
  const mention = username ? (msg.entities ?? []).find(isMention) : undefined;
  if (mention) return (text.slice(0, mention.offset) + text.slice(mention.offset + mention.length)).trim();
  const repliedTo = msg.reply_to_message;
  if (repliedTo?.from?.id !== undefined && repliedTo.from.id === ctx.botInfo?.id) return text.trim();
  return undefined;
}

export function questionsFeature(state: BotState): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command('new', async (ctx) => {
    state.deps.answerer.forget(conversationKey(ctx));
    await sendText(ctx, renderMessage('newConversation'), isGroup(ctx) ? ctx.message.message_id : undefined);
  });

  composer.command('ask', async (ctx) => {
    const question = ctx.payload.trim();
    if (question === '') {
      await sendText(ctx, askUsage(), isGroup(ctx) ? ctx.message.message_id : undefined);
      return;
    }
    await answerInChat(ctx, state, question);
  });

  composer.on(message('text'), async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith('/')) return next(); // commands are handled elsewhere
    if (ctx.chat.type === 'private') {
      await answerInChat(ctx, state, text);
      return;
    }
    if (!isGroup(ctx)) return next();
    const question = addressedText(ctx, text);
    if (question === undefined) return; // group chatter: stay quiet
    if (question === '') {
      await sendText(ctx, askUsage(), ctx.message.message_id);
      return;
    }
    await answerInChat(ctx, state, question);
  });

  composer.action(new RegExp(`^${PASSAGES_CALLBACK}(.+)$`), async (ctx) => {
    // The chat the pressed message is in (none for inline messages): keys are only good there.
    const answer = state.memory.recall(ctx.match[1] ?? '', ctx.callbackQuery.message?.chat.id);
    if (!answer) {
      await ctx.answerCbQuery(renderMessage('answerExpired'), { show_alert: false });
      return;
    }
    await ctx.answerCbQuery();
    await sendText(ctx, renderPassages(answer), ctx.callbackQuery.message?.message_id);
  });

  return composer;
}
