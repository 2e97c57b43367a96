// Admin-only: /reindex (progress edited into one message; questions keep being answered from the
// old index meanwhile), /stats, and sending an article file to add it to DOCS_DIR and the index.
import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import { AppError, errorCode, userMessage } from '../errors.js';
import { scrubSecrets } from '../log.js';
import type { BuildProgress, BuildResult } from '../vector-store/index-store.js';
import { MAX_UPLOAD_BYTES } from '../vector-store/live-index.js';
import { escapeHtml } from './html.js';
import { sendText } from './reply.js';
import type { BotState } from './state.js';

/** Least time between two progress edits of one message (Telegram limits edits). */
const PROGRESS_EDIT_MS = 1000;

function completion(result: BuildResult): string {
  const c = result.counts;
  return (
    `✅ 重建完成 / Re-index complete: ${c.articles} articles, ${c.chunks} chunks, ${result.seconds.toFixed(1)} s` +
    ` (${c.embedded} embedded, ${c.reused} reused${c.skipped ? `, ${c.skipped} files skipped` : ''})`
  );
}

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d > 0 ? `${d}d ${h}h ${m}m` : h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s % 60}s` : `${s % 60}s`;
}

async function downloadWithFetch(url: URL): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`download failed with HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export function adminFeature(state: BotState): Composer<Context> {
  const composer = new Composer<Context>();
  const { deps } = state;

  const refuse = async (ctx: Context): Promise<void> => {
    await sendText(ctx, escapeHtml(userMessage('admin_only')), ctx.chat?.type === 'private' ? undefined : ctx.message?.message_id);
  };

  composer.command('reindex', async (ctx) => {
    if (!state.isAdmin(ctx.from.id)) return refuse(ctx);
    if (deps.liveIndex.isRebuilding()) {
      await sendText(ctx, escapeHtml(userMessage('index_busy')));
      return;
    }
    const status = await ctx.reply('⏳ 正在重建索引 / Re-indexing…');
    let lastEdit = 0;
    let editing: Promise<unknown> = Promise.resolve();
    const onProgress = (progress: BuildProgress): void => {
      const now = Date.now();
      if (progress.phase !== 'embedding' || now - lastEdit < PROGRESS_EDIT_MS || progress.done === progress.total) return;
      lastEdit = now;
      editing = ctx.telegram
        .editMessageText(status.chat.id, status.message_id, undefined, `⏳ 正在重建索引 / Re-indexing… embedding ${progress.done}/${progress.total}`)
        .catch(() => undefined);
    };
    // Not awaited: a long build must not hold up the updates behind this one.
    void deps.liveIndex
      .rebuild(onProgress)
      .then(async (result) => {
        await editing;
        await ctx.telegram.editMessageText(status.chat.id, status.message_id, undefined, completion(result)).catch(() => undefined);
        await ctx.reply(completion(result));
      })
      .catch(async (error: unknown) => {
        deps.log.error({ err: error, updateId: ctx.update.update_id }, 're-index failed');
        const reason = error instanceof AppError ? scrubSecrets(error.message) : 'internal error';
        await ctx.reply(`❌ 重建失败 / Re-index failed: ${reason}. ${userMessage('index_build_failed')}`).catch(() => undefined);
      });
  });

  composer.command('stats', async (ctx) => {
    if (!state.isAdmin(ctx.from.id)) return refuse(ctx);
    const manifest = deps.liveIndex.current().manifest;
    const now = deps.now?.() ?? Date.now();
    const lines = [
      '<b>索引状态 / Index status</b>',
      `文章 / articles: ${manifest.counts.articles}`,
      `片段 / chunks: ${manifest.counts.chunks}`,
      `构建于 / built: ${escapeHtml(manifest.builtAt)} (${duration(now - Date.parse(manifest.builtAt))} ago, took ${(manifest.buildMs / 1000).toFixed(1)} s)`,
      `向量模型 / embedder: ${escapeHtml(manifest.embedder.key)} (${manifest.embedder.dimensions}-d)`,
      `已回答 / questions answered since start: ${state.stats.questionsAnswered}`,
      `运行时间 / uptime: ${duration(now - state.stats.startedAt)}`,
      ...(deps.liveIndex.isRebuilding() ? ['⏳ 正在重建 / re-index running'] : []),
    ];
    await sendText(ctx, lines.join('\n'));
  });

  composer.on(message('document'), async (ctx) => {
    const document = ctx.message.document;
    if (!state.isAdmin(ctx.from.id)) {
      // In groups, files are ordinary chatter; in private chats say why nothing happens.
      if (ctx.chat.type === 'private') await refuse(ctx);
      return;
    }
    const name = document.file_name ?? 'article.txt';
    if ((document.file_size ?? 0) > MAX_UPLOAD_BYTES) {
      await sendText(ctx, escapeHtml(userMessage('article_invalid')), ctx.message.message_id);
      return;
    }
    await ctx.sendChatAction('typing').catch(() => undefined);
    try {
      const link = await ctx.telegram.getFileLink(document.file_id);
      const bytes = await (deps.download ?? downloadWithFetch)(link);
      const added = await deps.liveIndex.addArticleFile(name, bytes);
      const a = added.article;
      const details = [a.publisher, a.date].filter(Boolean).join(', ');
      await sendText(
        ctx,
        `✅ 已添加文章 / Article added: 《${escapeHtml(a.title)}》${details ? ` — ${escapeHtml(details)}` : ''}\n` +
          `${escapeHtml(added.file)}\n${escapeHtml(completion(added.build))}`,
        ctx.message.message_id,
      );
    } catch (error) {
      const code = errorCode(error);
      if (code === 'internal') throw error;
      deps.log.warn({ err: error, file: name }, 'article upload refused');
      const reason = code === 'article_invalid' && error instanceof Error ? `\n${escapeHtml(error.message)}` : '';
      await sendText(ctx, `${escapeHtml(userMessage(code))}${reason}`, ctx.message.message_id);
    }
  });

  return composer;
}
