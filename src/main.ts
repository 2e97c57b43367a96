// Composition root for `npm start`: settings → embedder → index (built if missing) → answerer →
// Telegram bot; long polling or a webhook, both feeding one queue of updates handled side by side;
// clean shutdown on SIGINT/SIGTERM.
import type { Server } from 'node:http';
import { TelegramError } from 'telegraf';
import { createAnswerer } from './answer/answer-question.js';
import { ConfigError, loadConfig } from './config.js';
import { AppError } from './errors.js';
import { logFor, scrubSecrets } from './log.js';
import { renderMessage } from './messages.js';
import { registerCommands } from './telegram/commands.js';
import { createBot } from './telegram/bot.js';
import { questionBudgetFor } from './telegram/state.js';
import { pollUpdates } from './telegram/polling.js';
import { UpdateQueue } from './telegram/updates.js';
import { startWebhookServer } from './telegram/webhook.js';
import { ensureIndex } from './library/build.js';
import { createLiveIndex } from './library/live-index.js';
import { createLlm, createServices } from './services.js';
import { prepareSpellings } from './retrieval/pinyin-lookup.js';

/** Time the process waits for a clean stop before it exits anyway. */
const SHUTDOWN_GRACE_MS = 3000;

/** Webhook updates waiting or being handled before the server answers 503 (Telegram retries later). */
const MAX_WEBHOOK_BACKLOG = 1000;

const ALLOWED_UPDATES = ['message', 'inline_query', 'callback_query'] as const;

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.telegram.token) {
    process.stderr.write(`${renderMessage('tokenMissing')}\n`);
    process.exitCode = 1;
    return;
  }
  const { log, embedder, store } = await createServices(config);
  const { index, built } = await ensureIndex({ docsDir: config.docsDir, store, embedder, log: logFor(log, 'library') });
  if (built)
    log.info({ articles: built.counts.articles, chunks: built.counts.chunks }, 'built the index before starting');
  const liveIndex = createLiveIndex(index, {
    docsDir: config.docsDir,
    store,
    embedder,
    log: logFor(log, 'library'),
    // English names are spelled from the corpus's pinyin: build that table before users ask.
    onLoad: prepareSpellings,
  });
  const llm = await createLlm(config);
  if (llm) log.info({ provider: config.llm.provider, model: config.llm.model }, 'generated answers on');
  const answerer = createAnswerer({ index: () => liveIndex.current(), embedder, llm, log: logFor(log, 'answer') });
  const telegramLog = logFor(log, 'telegram');
  const { bot } = createBot({
    token: config.telegram.token,
    apiRoot: config.telegram.apiRoot,
    answerer,
    liveIndex,
    adminUserIds: config.telegram.adminUserIds,
    streamAnswers: llm !== undefined,
    questionBudgetMs: questionBudgetFor(config.llm.timeoutMs),
    log: telegramLog,
  });

  const queue = new UpdateQueue({ handle: (update) => bot.handleUpdate(update), log: telegramLog });
  const stopping = new AbortController();
  let server: Server | undefined;
  const stop = (signal: string): void => {
    log.info({ signal }, 'stopping the bot');
    stopping.abort();
    server?.close();
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  // Checks the token too: a refused one stops start-up with how to fix it.
  bot.botInfo ??= await bot.telegram.getMe();
  try {
    await registerCommands(bot.telegram);
  } catch (error) {
    log.warn({ err: { message: scrubSecrets(String(error)) } }, 'could not register the command menu; going on');
  }
  if (config.telegram.mode === 'webhook') {
    const given = new URL(config.telegram.webhookUrl ?? '');
    // A bare host gets a path of its own, registered and served alike.
    const url = given.pathname === '/' ? new URL('/telegram', given) : given;
    const secret = config.telegram.webhookSecret ?? '';
    server = await startWebhookServer({
      port: config.telegram.webhookPort,
      path: url.pathname,
      secret,
      accept: (update) => {
        if (queue.size >= MAX_WEBHOOK_BACKLOG) return false;
        queue.push(update);
        return true;
      },
      log: telegramLog,
    });
    await bot.telegram.setWebhook(url.href, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
    log.info({ username: bot.botInfo.username, port: config.telegram.webhookPort }, 'bot started (webhook)');
    return;
  }
  await bot.telegram.deleteWebhook();
  log.info({ username: bot.botInfo.username }, 'bot started (long polling)');
  await pollUpdates({ telegram: bot.telegram, queue, allowedUpdates: ALLOWED_UPDATES, signal: stopping.signal });
  // Answers already under way are finished while the grace period lasts.
  await queue.idle();
  log.info('bot stopped');
}

/** The one message a failed start-up prints: what went wrong and, where we know, how to fix it. */
function describeStartFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof TelegramError && error.code === 401) return renderMessage('tokenRefused');
  if (error instanceof AppError) return renderMessage('failure', scrubSecrets(error.message));
  return renderMessage('startFailed', scrubSecrets(error instanceof Error ? error.message : String(error)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${describeStartFailure(error)}\n`);
  process.exit(1);
});
