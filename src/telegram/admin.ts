// Admin-only: /reindex (progress edited into one message; questions keep being answered from the
// old index meanwhile), /stats, and sending an article file to add it to DOCS_DIR and the index.
import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import { describeSource } from '../answer/format.js';
import { AppError, errorCode } from '../errors.js';
import { scrubSecrets } from '../log.js';
import { renderMessage, userMessage } from '../messages.js';
import type { BuildProgress, BuildResult } from '../library/build.js';
import { MAX_UPLOAD_BYTES } from '../library/uploads.js';
import { escapeHtml } from './html.js';
import { sendText } from './reply.js';
import type { BotState } from './state.js';

/** Least time between two progress edits of one message (Telegram limits edits). */
const PROGRESS_EDIT_MS = 1000;

function completion(result: BuildResult): string {
  return renderMessage('reindexComplete', { ...result.counts, seconds: result.seconds });
}

/** "3d 4h 5m", "4h 5m", "5m 6s" or "6s". */
function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h ${m}m`;
  if (h > 0) return `${h}h ${m}m`;
  return m > 0 ? `${m}m ${s % 60}s` : `${s % 60}s`;
}

async function downloadWithFetch(url: URL): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`download failed with HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Tells a non-admin the command is not theirs (as a reply in groups). */
async function refuse(ctx: Context): Promise<void> {
  const replyTo = ctx.chat?.type === 'private' ? undefined : ctx.message?.message_id;
  await sendText(ctx, escapeHtml(userMessage('admin_only')), replyTo);
}

/** Rebuilds the index with its progress edited into one message, then the result as a new one. */
async function reindex(ctx: Context, state: BotState): Promise<void> {
  const { deps } = state;
  if (deps.liveIndex.isRebuilding()) {
    await sendText(ctx, escapeHtml(userMessage('index_busy')));
    return;
  }
  const status = await ctx.reply(renderMessage('reindexing'));
  const edit = (text: string) => ctx.telegram.editMessageText(status.chat.id, status.message_id, undefined, text);
  let lastEdit = 0;
  let editing: Promise<unknown> = Promise.resolve();
  const onProgress = (progress: BuildProgress): void => {
    const now = Date.now();
    if (progress.phase !== 'embedding' || progress.done === progress.total) return;
    if (now - lastEdit < PROGRESS_EDIT_MS) return;
    lastEdit = now;
    editing = edit(renderMessage('reindexProgress', progress.done, progress.total)).catch(() => undefined);
  };
  // Not awaited: a long build must not hold up the updates behind this one.
  void deps.liveIndex
    .rebuild(onProgress)
    .then(async (result) => {
      await editing;
      await edit(completion(result)).catch(() => undefined);
      await ctx.reply(completion(result));
    })
    .catch(async (error: unknown) => {
      deps.log.error({ err: error, updateId: ctx.update.update_id }, 're-index failed');
      const reason = error instanceof AppError ? scrubSecrets(error.message) : renderMessage('unexpectedReason');
      const text = `${renderMessage('reindexFailed', reason)} ${userMessage('index_build_failed')}`;
      await ctx.reply(text).catch(() => undefined);
    });
}

/** The index's counts, age and embedder, questions answered and uptime, as Telegram HTML. */
function statsText(state: BotState): string {
  const { deps } = state;
  const manifest = deps.liveIndex.current().manifest;
  const now = deps.now?.() ?? Date.now();
  const age = duration(now - Date.parse(manifest.builtAt));
  return [
    `<b>${renderMessage('indexStatus')}</b>`,
    renderMessage('statsArticles', manifest.counts.articles),
    renderMessage('statsChunks', manifest.counts.chunks),
    renderMessage('statsBuilt', escapeHtml(manifest.builtAt), age, manifest.buildMs / 1000),
    renderMessage('statsEmbedder', escapeHtml(manifest.embedder.key), manifest.embedder.dimensions),
    renderMessage('statsAnswered', state.stats.questionsAnswered),
    renderMessage('statsUptime', duration(now - state.stats.startedAt)),
    ...(deps.liveIndex.isRebuilding() ? [renderMessage('statsRebuilding')] : []),
  ].join('\n');
}

/** Adds an article file an admin sent: checked, saved under DOCS_DIR/uploads and indexed. */
async function addArticle(ctx: Context, state: BotState, fileId: string, name: string, replyTo: number): Promise<void> {
  const { deps } = state;
  await ctx.sendChatAction('typing').catch(() => undefined);
  try {
    const link = await ctx.telegram.getFileLink(fileId);
    const bytes = await (deps.download ?? downloadWithFetch)(link);
    const added = await deps.liveIndex.addArticleFile(name, bytes);
    const source = describeSource(added.article, {
      title: `《${escapeHtml(added.article.title)}》`,
      escape: escapeHtml,
    });
    const lines = [renderMessage('articleAdded', source), escapeHtml(added.file), escapeHtml(completion(added.build))];
    await sendText(ctx, lines.join('\n'), replyTo);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'internal') throw error;
    deps.log.warn({ err: error, file: name }, 'article upload refused');
    // What is wrong with the file helps the admin fix it; other failures are told by their code only.
    const reason = code === 'article_invalid' && error instanceof Error ? `\n${escapeHtml(error.message)}` : '';
    await sendText(ctx, `${escapeHtml(userMessage(code))}${reason}`, replyTo);
  }
}

export function adminFeature(state: BotState): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command('reindex', async (ctx) => {
    if (!state.isAdmin(ctx.from.id)) return refuse(ctx);
    await reindex(ctx, state);
  });

  composer.command('stats', async (ctx) => {
    if (!state.isAdmin(ctx.from.id)) return refuse(ctx);
    await sendText(ctx, statsText(state));
  });

  composer.on(message('document'), async (ctx) => {
    const document = ctx.message.document;
    if (!state.isAdmin(ctx.from.id)) {
      // In groups, files are ordinary chatter; in private chats say why nothing happens.
      if (ctx.chat.type === 'private') await refuse(ctx);
      return;
    }
    if ((document.file_size ?? 0) > MAX_UPLOAD_BYTES) {
      await sendText(ctx, escapeHtml(userMessage('article_invalid')), ctx.message.message_id);
      return;
    }
    await addArticle(ctx, state, document.file_id, document.file_name ?? 'article.txt', ctx.message.message_id);
  });

  return composer;
}
