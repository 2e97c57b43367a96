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

/** An uploaded file over the size limit, named as the admin sent it. */
function tooLarge(name: string): AppError {
  return new AppError('article_invalid', `"${name}" is larger than ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB`);
}

/**
 * Downloads a file, streamed: given up as soon as it passes `maxBytes` (whatever its headers said),
 * so an oversized file never sits in memory. Returns undefined when it is too large.
 */
export async function downloadWithFetch(url: URL, maxBytes: number): Promise<Uint8Array | undefined> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`download failed with HTTP ${response.status}`);
  if (!response.body) return new Uint8Array();
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let length = Number(response.headers.get('content-length') ?? 0) > maxBytes ? Infinity : 0;
  for (;;) {
    if (length > maxBytes) {
      // Cancelling the body closes the connection: the rest is never read.
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    length += value.length;
    chunks.push(value);
  }
}

/** Tells a non-admin the command is not theirs (as a reply in groups). */
async function refuse(ctx: Context): Promise<void> {
  const replyTo = ctx.chat?.type === 'private' ? undefined : ctx.message?.message_id;
  await sendText(ctx, escapeHtml(userMessage('admin_only')), replyTo);
}

/** Rebuilds the index with its progress edited into one message, then the result as a new one. */
async function reindex(ctx: Context, state: BotState): Promise<void> {
  const { deps } = state;
  const busy = () => sendText(ctx, escapeHtml(userMessage('index_busy')));
  if (deps.liveIndex.isRebuilding()) return busy();
  // The "Re-indexing…" message, once sent: progress and the result are edited into it.
  let status: { chat: { id: number }; message_id: number } | undefined = undefined;
  const edit = async (text: string): Promise<void> => {
    if (status) await ctx.telegram.editMessageText(status.chat.id, status.message_id, undefined, text);
  };
  let lastEdit = 0;
  let editing: Promise<unknown> = Promise.resolve();
  const onProgress = (progress: BuildProgress): void => {
    const now = Date.now();
    if (progress.phase !== 'embedding' || progress.done === progress.total) return;
    if (now - lastEdit < PROGRESS_EDIT_MS) return;
    lastEdit = now;
    editing = edit(renderMessage('reindexProgress', progress.done, progress.total)).catch(() => undefined);
  };
  // The build is claimed before anything is awaited, so another /reindex handled at the same time
  // (updates of one batch are handled side by side) finds it running and is told so.
  let build: Promise<BuildResult>;
  try {
    build = deps.liveIndex.rebuild(onProgress);
  } catch (error) {
    if (errorCode(error) === 'index_busy') return busy();
    throw error;
  }
  status = await ctx.reply(renderMessage('reindexing')).catch(() => undefined);
  // Not awaited: a long build must not hold up the updates behind this one.
  void build
    .then(async (result) => {
      await editing;
      await edit(completion(result)).catch(() => undefined);
      await ctx.reply(completion(result));
    })
    .catch(async (error: unknown) => {
      if (errorCode(error) === 'index_busy') {
        await busy().catch(() => undefined);
        return;
      }
      deps.log.error({ err: error, updateId: ctx.update.update_id }, 're-index failed');
      const reason = error instanceof AppError ? scrubSecrets(error.message) : renderMessage('unexpectedReason');
      // A full, read-only or forbidden disk comes with its own hint; other failures say the old index serves.
      const code = errorCode(error);
      const fileProblem = code === 'disk_full' || code === 'read_only' || code === 'permission_denied';
      const text = `${renderMessage('reindexFailed', reason)} ${userMessage(fileProblem ? code : 'index_build_failed')}`;
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
    // Telegram's own record of the size is checked first: an oversized file is never downloaded.
    const file = await ctx.telegram.getFile(fileId);
    if ((file.file_size ?? 0) > MAX_UPLOAD_BYTES) throw tooLarge(name);
    const bytes = await (deps.download ?? downloadWithFetch)(await ctx.telegram.getFileLink(file), MAX_UPLOAD_BYTES);
    if (!bytes) throw tooLarge(name);
    // Files sent while a re-index runs (or together) wait their turn; the admin is told so.
    const onQueued = (): void => void sendText(ctx, renderMessage('uploadQueued'), replyTo).catch(() => undefined);
    const added = await deps.liveIndex.addArticleFile(name, bytes, { onQueued });
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
