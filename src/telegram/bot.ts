// Builds the bot: every feature installed in one place, in the order updates should meet them,
// with the one error handler that logs and apologises and keeps the bot serving.
import { Telegraf, type Context } from 'telegraf';
import type { UserFromGetMe } from 'telegraf/types';
import { scrubSecrets, type Logger } from '../log.js';
import { userMessage } from '../messages.js';
import { adminFeature } from './admin.js';
import { commandsFeature, unknownCommandFeature } from './commands.js';
import { escapeHtml } from './html.js';
import { inlineFeature } from './inline.js';
import { questionsFeature } from './questions.js';
import { retryMiddleware, retryTelegramCalls } from './retry.js';
import { createBotState, type BotDeps, type BotState } from './state.js';

export interface CreateBotOptions extends BotDeps {
  token: string;
  /** Bot API server. Default https://api.telegram.org. */
  apiRoot?: string;
  /** Known bot identity (tests); fetched with getMe at launch otherwise. */
  botInfo?: UserFromGetMe;
}

/**
 * Time an update may take beyond a question's budget before telegraf stops waiting for it: sending
 * the answer, with Telegram's rate-limit waits. telegraf's timeout only apologises while the handler
 * runs on, so it must never fire before the question's own deadline has given the answer.
 */
const HANDLER_ALLOWANCE_MS = 120_000;

/** Logs a failed update and tells the user, in whatever way the update allows. */
async function apologise(error: unknown, ctx: Context, log: Logger): Promise<void> {
  const message = error instanceof Error ? scrubSecrets(error.message) : 'unknown error';
  const name = (error as Error | undefined)?.name;
  log.error({ updateId: ctx.update.update_id, err: { message, name } }, 'handling an update failed');
  try {
    if (ctx.callbackQuery) await ctx.answerCbQuery(userMessage('internal'));
    else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0 });
    else if (ctx.chat) await ctx.reply(escapeHtml(userMessage('internal')), { parse_mode: 'HTML' });
  } catch (replyError) {
    const err = { message: scrubSecrets(String(replyError)) };
    log.warn({ updateId: ctx.update.update_id, err }, 'could not tell the user about the failure');
  }
}

export function createBot(options: CreateBotOptions): { bot: Telegraf; state: BotState } {
  const state = createBotState(options);
  const bot = new Telegraf(options.token, {
    telegram: { apiRoot: options.apiRoot ?? 'https://api.telegram.org', webhookReply: false },
    handlerTimeout: state.questionBudgetMs + HANDLER_ALLOWANCE_MS,
  });
  if (options.botInfo) bot.botInfo = options.botInfo;

  retryTelegramCalls(bot.telegram, options.log);
  bot.use(retryMiddleware(options.log));
  bot.use(commandsFeature(state));
  bot.use(adminFeature(state));
  bot.use(questionsFeature(state));
  bot.use(inlineFeature(state));
  bot.use(unknownCommandFeature());

  bot.catch((error: unknown, ctx: Context) => apologise(error, ctx, options.log));

  return { bot, state };
}
