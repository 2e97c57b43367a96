// Builds the bot: every feature installed in one place, in the order updates should meet them,
// with the one error handler that logs and apologises and keeps the bot serving.
import { Telegraf, type Context } from 'telegraf';
import type { UserFromGetMe } from 'telegraf/types';
import { userMessage } from '../errors.js';
import { scrubSecrets } from '../log.js';
import { adminFeature } from './admin.js';
import { commandsFeature, unknownCommandFeature } from './commands.js';
import { escapeHtml } from './html.js';
import { inlineFeature } from './inline.js';
import { questionsFeature } from './questions.js';
import { installTelegramRetry } from './retry.js';
import { createBotState, type BotDeps, type BotState } from './state.js';

export interface CreateBotOptions extends BotDeps {
  token: string;
  /** Bot API server. Default https://api.telegram.org. */
  apiRoot?: string;
  /** Known bot identity (tests); fetched with getMe at launch otherwise. */
  botInfo?: UserFromGetMe;
}

export function createBot(options: CreateBotOptions): { bot: Telegraf; state: BotState } {
  installTelegramRetry(options.log);
  const bot = new Telegraf(options.token, {
    telegram: { apiRoot: options.apiRoot ?? 'https://api.telegram.org', webhookReply: false },
    handlerTimeout: 60_000,
  });
  if (options.botInfo) bot.botInfo = options.botInfo;
  const state = createBotState(options);

  bot.use(commandsFeature(state));
  bot.use(adminFeature(state));
  bot.use(questionsFeature(state));
  bot.use(inlineFeature(state));
  bot.use(unknownCommandFeature());

  bot.catch(async (error: unknown, ctx: Context) => {
    const message = error instanceof Error ? scrubSecrets(error.message) : 'unknown error';
    options.log.error({ updateId: ctx.update.update_id, err: { message, name: (error as Error)?.name } }, 'handling an update failed');
    try {
      if (ctx.callbackQuery) await ctx.answerCbQuery(userMessage('internal'));
      else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0 });
      else if (ctx.chat) await ctx.reply(escapeHtml(userMessage('internal')), { parse_mode: 'HTML' });
    } catch (replyError) {
      options.log.warn({ updateId: ctx.update.update_id, err: { message: scrubSecrets(String(replyError)) } }, 'could not tell the user about the failure');
    }
  });

  return { bot, state };
}
