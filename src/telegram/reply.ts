// Sending an answer: HTML parse mode, link previews off, split under the length limit, a button for
// the quoted passages on the last part, as a reply to the question when asked to.
import type { Context } from 'telegraf';
import { Markup } from 'telegraf';
import type { Answer } from '../answer/types.js';
import { messageIn } from '../messages.js';
import { renderAnswer, splitMessage } from './html.js';
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
  const key = answer.citations.length > 0 ? state.memory.remember(answer) : undefined;
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
    await ctx.reply(part, { ...sendOptions(replyTo, i === 0), ...keyboard });
  }
}

/** Sends plain text (escaped by the caller when needed) with the same defaults. */
export async function sendText(ctx: Context, html: string, replyTo?: number): Promise<void> {
  for (const [i, part] of splitMessage(html).entries()) {
    await ctx.reply(part, sendOptions(replyTo, i === 0));
  }
}
