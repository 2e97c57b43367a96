// Sending an answer: HTML parse mode, link previews off, split under the length limit, a button for
// the quoted passages on the last part, as a reply to the question when asked to. When Telegram
// refuses a message (it cannot parse it, or finds it too long) the same content is sent another way:
// the user always gets the answer.
import type { Context } from 'telegraf';
import { Markup, TelegramError } from 'telegraf';
import type { Answer } from '../answer/types.js';
import { messageIn } from '../messages.js';
import { htmlToPlainText, renderAnswer, splitMessage } from './html.js';
import type { BotState } from './state.js';

export const PASSAGES_CALLBACK = 'passages:';

/** A streamed draft message that the final answer replaces. */
export interface Draft {
  chatId: number;
  messageId: number;
}

/** How every message is sent: HTML, no link previews, the first part as a reply when asked. */
function sendOptions(replyTo: number | undefined, first: boolean) {
  return {
    parse_mode: 'HTML' as const,
    link_preview_options: { is_disabled: true },
    ...(replyTo !== undefined && first
      ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
      : {}),
  };
}

/** Shortest message still split further when Telegram says it is too long. */
const MIN_SPLIT_CHARS = 200;

function refusedFor(error: unknown, reason: RegExp): boolean {
  return error instanceof TelegramError && error.code === 400 && reason.test(error.description);
}

type SendOptions = ReturnType<typeof sendOptions> & { reply_markup?: unknown };

/**
 * Sends one message of Telegram HTML. Refused as unparsable: sent again as plain text with the same
 * content. Refused as too long: split smaller, the reply on the first part and any button on the last.
 */
async function sendHtml(ctx: Context, html: string, options: SendOptions): Promise<void> {
  try {
    await ctx.reply(html, options as Parameters<Context['reply']>[1]);
  } catch (error) {
    if (refusedFor(error, /can't parse entities/i)) {
      const plain: Record<string, unknown> = { ...options };
      delete plain.parse_mode;
      await ctx.reply(htmlToPlainText(html), plain);
      return;
    }
    if (refusedFor(error, /message is too long/i) && html.length > MIN_SPLIT_CHARS) {
      const parts = splitMessage(html, Math.floor(html.length * 0.6) + 64);
      const { reply_parameters: replyTo, reply_markup: keyboard, ...rest } = options;
      for (const [i, part] of parts.entries()) {
        const last = i === parts.length - 1;
        await sendHtml(ctx, part, {
          ...rest,
          ...(i === 0 && replyTo ? { reply_parameters: replyTo } : {}),
          ...(last && keyboard ? { reply_markup: keyboard } : {}),
        });
      }
      return;
    }
    throw error;
  }
}

/**
 * Sends an answer. When a streamed draft message exists, its first part replaces the draft (with
 * its verified citations and sources) instead of arriving as a new message.
 */
export async function sendAnswer(
  ctx: Context,
  state: BotState,
  answer: Answer,
  replyTo?: number,
  draft?: Draft,
): Promise<void> {
  const parts = splitMessage(renderAnswer(answer));
  const chatId = ctx.chat?.id;
  const key = answer.citations.length > 0 && chatId !== undefined ? state.memory.remember(answer, chatId) : undefined;
  const label = messageIn(answer.language, 'passagesButton');
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    const keyboard =
      last && key ? Markup.inlineKeyboard([Markup.button.callback(label, `${PASSAGES_CALLBACK}${key}`)]) : {};
    if (i === 0 && draft) {
      const options = { ...sendOptions(undefined, false), ...keyboard };
      const edited = await ctx.telegram
        .editMessageText(draft.chatId, draft.messageId, undefined, part, options)
        .then(() => true)
        .catch(() => false);
      if (edited) continue;
    }
    await sendHtml(ctx, part, { ...sendOptions(replyTo, i === 0), ...keyboard });
  }
}

/** Sends plain text (escaped by the caller when needed) with the same defaults. */
export async function sendText(ctx: Context, html: string, replyTo?: number): Promise<void> {
  for (const [i, part] of splitMessage(html).entries()) {
    await sendHtml(ctx, part, sendOptions(replyTo, i === 0));
  }
}
