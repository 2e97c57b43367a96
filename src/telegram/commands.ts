// /start, /help, /sources (the indexed articles, paged) and a helpful reply to unknown commands.
// The command list, in Chinese and English, is registered with setMyCommands at start.
import { Composer, Markup, type Context, type Telegram } from 'telegraf';
import { escapeHtml } from './html.js';
import { sendText } from './reply.js';
import type { BotState } from './state.js';

export interface CommandInfo {
  command: string;
  zh: string;
  en: string;
}

export const COMMANDS: readonly CommandInfo[] = [
  { command: 'ask', zh: '提问，例如 /ask 佳木斯一季度签约了多少项目？', en: 'Ask a question, e.g. /ask how much did Jiamusi sign in Q1?' },
  { command: 'sources', zh: '已收录的文章', en: 'The indexed articles' },
  { command: 'new', zh: '开始新的对话（忘记之前的问题）', en: 'Start a new conversation (forget earlier questions)' },
  { command: 'help', zh: '使用说明', en: 'How to use the bot' },
  { command: 'start', zh: '简介与示例问题', en: 'What the bot does, with example questions' },
  { command: 'stats', zh: '索引状态（管理员）', en: 'Index status (admins)' },
  { command: 'reindex', zh: '重建索引（管理员）', en: 'Re-index the articles (admins)' },
];

/** Registers the command menu in Chinese (for Chinese clients) and English (default). */
export async function registerCommands(telegram: Telegram): Promise<void> {
  await telegram.setMyCommands(COMMANDS.map((c) => ({ command: c.command, description: c.en })));
  await telegram.setMyCommands(
    COMMANDS.map((c) => ({ command: c.command, description: c.zh })),
    { language_code: 'zh' },
  );
}

const WELCOME = `<b>招商引资新闻助手 / Investment-news assistant</b>

我会阅读已收录的地方招商引资新闻，用中文或英文回答问题，并为每个结论标注来源编号 [n]。
I answer questions about the indexed regional investment news, in Chinese or English, citing every claim as [n].

试试 / Try:
• 佳木斯一季度招商签约了多少个项目？投资总额多少？
• how much did Jiamusi sign in Q1?
• 龙江县与哪家公司签约了肉牛养殖项目？

私聊直接发问题；群聊中用 /ask、@我 或回复我的消息；任意聊天中输入 @我 + 问题 可内联查询。
In private chats just send a question; in groups use /ask, mention me or reply to me; inline: type my @name and a question in any chat.`;

const HELP = `<b>帮助 / Help</b>
/ask 问题 — 提问 / ask a question
/sources — 已收录的文章 / indexed articles
/new — 开始新对话 / start a new conversation (follow-ups such as “那齐齐哈尔呢？” use the last questions)
/start — 简介 / about
管理员 / admins: /reindex — 重建索引 / re-index; /stats — 状态 / status; 发送 .txt/.md/.html 文件即可添加文章 / send an article file to add it.

私聊中直接发送问题即可。群聊中请用 /ask、@提及我或回复我的消息。
In private chats just type your question. In groups use /ask, mention me, or reply to my message.`;

const PAGE_SIZE = 10;

function sourcesPage(state: BotState, page: number): { html: string; pages: number } {
  const articles = [...state.deps.liveIndex.current().manifest.articles].sort((a, b) =>
    (b.date ?? '').localeCompare(a.date ?? '') || a.title.localeCompare(b.title),
  );
  const pages = Math.max(1, Math.ceil(articles.length / PAGE_SIZE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const lines = articles.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE).map((a, i) => {
    const title = escapeHtml(a.title);
    const linked = a.url && /^https?:\/\//.test(a.url) ? `<a href="${escapeHtml(a.url)}">${title}</a>` : title;
    const details = [a.publisher, a.date].filter(Boolean).map((d) => escapeHtml(String(d))).join(', ');
    return `${current * PAGE_SIZE + i + 1}. ${linked}${details ? ` — ${details}` : ''}`;
  });
  const heading = `<b>已收录文章 / Indexed articles</b> (${articles.length}) · ${current + 1}/${pages}`;
  return { html: `${heading}\n${lines.join('\n')}`, pages };
}

function sourcesKeyboard(page: number, pages: number) {
  const buttons = [];
  if (page > 0) buttons.push(Markup.button.callback('« 上一页 / Prev', `sources:${page - 1}`));
  if (page < pages - 1) buttons.push(Markup.button.callback('下一页 / Next »', `sources:${page + 1}`));
  return Markup.inlineKeyboard(buttons);
}

export function commandsFeature(state: BotState): Composer<Context> {
  const composer = new Composer<Context>();
  composer.start((ctx) => sendText(ctx, WELCOME));
  composer.help((ctx) => sendText(ctx, HELP));
  composer.command('sources', async (ctx) => {
    const { html, pages } = sourcesPage(state, 0);
    await ctx.reply(html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...sourcesKeyboard(0, pages) });
  });
  composer.action(/^sources:(\d+)$/, async (ctx) => {
    const page = Number(ctx.match[1]);
    const { html, pages } = sourcesPage(state, page);
    await ctx.answerCbQuery();
    await ctx
      .editMessageText(html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...sourcesKeyboard(Math.min(page, pages - 1), pages) })
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
    await sendText(ctx, `不认识这个命令。/ I don't know that command.\n\n${HELP}`, ctx.chat.type === 'private' ? undefined : ctx.message.message_id);
  });
  return composer;
}
