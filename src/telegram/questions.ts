// Questions: every text in a private chat; in groups only /ask, mentions of the bot and replies to
// it (answered as a reply to the question). Also the button that shows an answer's quoted passages.
import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import { escapeHtml, renderPassages } from './html.js';
import { PASSAGES_CALLBACK, sendAnswer, sendText } from './reply.js';
import type { BotState } from './state.js';
import { userMessage } from '../errors.js';

const ASK_USAGE =
  '用法 / Usage: <code>/ask 问题</code>\n例如 / e.g. <code>/ask 佳木斯一季度签约了多少项目？</code> or <code>/ask how much did Jiamusi sign in Q1?</code>';

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

/** Answers one question in the chat it came from; in groups as a reply to the question. */
export async function answerInChat(ctx: Context, state: BotState, question: string): Promise<void> {
  const replyTo = isGroup(ctx) ? ctx.message?.message_id : undefined;
  const userId = ctx.from?.id ?? 0;
  const verdict = state.limiter.take(userId);
  if (verdict !== 'ok') {
    if (verdict === 'limited') await sendText(ctx, escapeHtml(userMessage('rate_limited')), replyTo);
    return;
  }
  await ctx.sendChatAction('typing').catch(() => undefined);
  // In private chats with an LLM, the answer is edited into one message as it is generated.
  const stream = state.deps.streamAnswers === true && ctx.chat?.type === 'private';
  let draft: { chatId: number; messageId: number } | undefined;
  let lastEdit = 0;
  let editing: Promise<unknown> = Promise.resolve();
  const onPartial = (text: string): void => {
    const now = Date.now();
    if (now - lastEdit < STREAM_EDIT_MS) return;
    lastEdit = now;
    const preview = `${escapeHtml(text.slice(0, 3500))} …`;
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
  const answer = await state.deps.answerer.answer(question, {
    conversation: conversationKey(ctx),
    ...(stream ? { onPartial } : {}),
  });
  await editing;
  if (answer.status !== 'invalid') state.stats.questionsAnswered += 1;
  await sendAnswer(ctx, state, answer, replyTo, draft);
}

/** The text of a group message addressed to the bot, without the @mention; undefined if not addressed. */
function addressedText(ctx: Context, text: string): string | undefined {
  const username = ctx.botInfo?.username;
  const msg = ctx.message;
  if (!msg || !('text' in msg)) return undefined;
  const mention = username
    ? (msg.entities ?? []).find(
        (e) => e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${username.toLowerCase()}`,
      )
    : undefined;
  if (mention) return (text.slice(0, mention.offset) + text.slice(mention.offset + mention.length)).trim();
  const repliedTo = msg.reply_to_message;
  if (repliedTo?.from?.id !== undefined && repliedTo.from.id === ctx.botInfo?.id) return text.trim();
  return undefined;
}

export function questionsFeature(state: BotState): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command('new', async (ctx) => {
    state.deps.answerer.forget(conversationKey(ctx));
    await sendText(ctx, '好的，我们重新开始。/ OK, a new conversation: earlier questions are forgotten.', isGroup(ctx) ? ctx.message.message_id : undefined);
  });

  composer.command('ask', async (ctx) => {
    const question = ctx.payload.trim();
    if (question === '') {
      await sendText(ctx, ASK_USAGE, isGroup(ctx) ? ctx.message.message_id : undefined);
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
      await sendText(ctx, ASK_USAGE, ctx.message.message_id);
      return;
    }
    await answerInChat(ctx, state, question);
  });

  composer.action(new RegExp(`^${PASSAGES_CALLBACK}(.+)$`), async (ctx) => {
    const key = ctx.match[1] ?? '';
    const answer = state.memory.recall(key);
    if (!answer) {
      await ctx.answerCbQuery('这个回答已过期，请重新提问。 This answer has expired; please ask again.', { show_alert: false });
      return;
    }
    await ctx.answerCbQuery();
    await sendText(ctx, renderPassages(answer), ctx.callbackQuery.message?.message_id);
  });

  return composer;
}
