// /start, /help, /sources (the indexed articles, paged) and a helpful reply to unknown commands.
// The command list, in Chinese and English, is registered with setMyCommands at start.
import { Composer, Markup, type Context, type Telegram } from 'telegraf';
import { COMMAND_NAMES, EXAMPLE_QUESTIONS, messageIn, renderMessage } from '../messages.js';
import type { Language } from '../text/language.js';
import { describeSourceHtml } from './html.js';
import { sendText } from './reply.js';
import type { BotState } from './state.js';

/** Registers the command menu in Chinese (for Chinese clients) and English (default). */
export async function registerCommands(telegram: Telegram): Promise<void> {
  const menu = (language: Language) =>
    COMMAND_NAMES.map((command) => ({ command, description: messageIn(language, 'commands', command) }));
  await telegram.setMyCommands(menu('en'));
  await telegram.setMyCommands(menu('zh'), { language_code: 'zh' });
}

/** What /start shows: what the bot does, example questions, and how to ask where. */
function welcomeText(): string {
  const examples = [EXAMPLE_QUESTIONS.totals, EXAMPLE_QUESTIONS.en, EXAMPLE_QUESTIONS.partner];
  return [
    `<b>${renderMessage('botName')}</b>`,
    '',
    renderMessage('botIntro'),
    '',
    `${renderMessage('tryAsking')}:`,
    ...examples.map((question) => `• ${question}`),
    '',
    renderMessage('howToAskEverywhere'),
  ].join('\n');
}

/** What /help shows: every command, then how to ask in private chats and groups. */
function helpText(): string {
  const admin =
    `${renderMessage('admins')}: /reindex — ${renderMessage('helpReindex')}; /stats — ${renderMessage('helpStats')}; ` +
    `${renderMessage('helpUpload')}.`;
  return [
    `<b>${renderMessage('help')}</b>`,
    `/ask ${renderMessage('questionPlaceholder')} — ${renderMessage('helpAsk')}`,
    `/sources — ${renderMessage('helpSources')}`,
    `/new — ${renderMessage('helpNew')}`,
    `/start — ${renderMessage('helpStart')}`,
    admin,
    '',
    renderMessage('howToAsk'),
  ].join('\n');
}

const PAGE_SIZE = 10;

function sourcesPage(state: BotState, page: number): { html: string; pages: number } {
  const articles = [...state.deps.liveIndex.current().manifest.articles].sort(
    (a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.title.localeCompare(b.title),
  );
  const pages = Math.max(1, Math.ceil(articles.length / PAGE_SIZE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const first = current * PAGE_SIZE;
  const lines = articles
    .slice(first, first + PAGE_SIZE)
    .map((article, i) => `${first + i + 1}. ${describeSourceHtml(article)}`);
  const heading = `<b>${renderMessage('indexedArticles')}</b> (${articles.length}) · ${current + 1}/${pages}`;
  return { html: `${heading}\n${lines.join('\n')}`, pages };
}

function sourcesKeyboard(page: number, pages: number) {
  const buttons = [];
  if (page > 0) buttons.push(Markup.button.callback(`« ${renderMessage('previousPage')}`, `sources:${page - 1}`));
  if (page < pages - 1) buttons.push(Markup.button.callback(`${renderMessage('nextPage')} »`, `sources:${page + 1}`));
  return Markup.inlineKeyboard(buttons);
}

const PAGE_OPTIONS = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

export function commandsFeature(state: BotState): Composer<Context> {
  const composer = new Composer<Context>();
  composer.start((ctx) => sendText(ctx, welcomeText()));
  composer.help((ctx) => sendText(ctx, helpText()));
  composer.command('sources', async (ctx) => {
    const { html, pages } = sourcesPage(state, 0);
    await ctx.reply(html, { ...PAGE_OPTIONS, ...sourcesKeyboard(0, pages) });
  });
  composer.action(/^sources:(\d+)$/, async (ctx) => {
    const page = Number(ctx.match[1]);
    const { html, pages } = sourcesPage(state, page);
    await ctx.answerCbQuery();
    await ctx
      .editMessageText(html, { ...PAGE_OPTIONS, ...sourcesKeyboard(Math.min(page, pages - 1), pages) })
      .catch(() => undefined); // "message is not modified" when pressed twice
  });
  return composer;
}

/** Any other command: help in private chats and when addressed to the bot in groups. */
export function unknownCommandFeature(): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('message', async (ctx, next) => {
    const text = 'text' in ctx.message ? ctx.message.text : undefined;
    if (!text?.startsWith('/')) return next();
    const [, target] = /^\/[^\s@]+(?:@(\S+))?/.exec(text) ?? [];
    const addressed = ctx.chat.type === 'private' || target?.toLowerCase() === ctx.botInfo.username.toLowerCase();
    if (!addressed) return;
    const replyTo = ctx.chat.type === 'private' ? undefined : ctx.message.message_id;
    await sendText(ctx, `${renderMessage('unknownCommand')}\n\n${helpText()}`, replyTo);
  });
  return composer;
}
