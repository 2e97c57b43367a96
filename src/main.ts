// Composition root for `npm start`: settings → embedder → index (built if missing) → answerer →
// Telegram bot; long polling or a webhook; clean shutdown on SIGINT/SIGTERM.
import { TelegramError } from 'telegraf';
import { createAnswerer } from './answer/answer-question.js';
import { ConfigError, loadConfig } from './config.js';
import { AppError } from './errors.js';
import { logFor, scrubSecrets } from './log.js';
import { renderMessage } from './messages.js';
import { registerCommands } from './telegram/commands.js';
import { createBot } from './telegram/bot.js';
import { ensureIndex } from './library/build.js';
import { createLiveIndex } from './library/live-index.js';
import { createLlm, createServices } from './services.js';
import { prepareSpellings } from './retrieval/pinyin-lookup.js';

/** Seconds the process waits for a clean stop before it exits anyway. */
const SHUTDOWN_GRACE_MS = 3000;

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
  const { bot } = createBot({
    token: config.telegram.token,
    apiRoot: config.telegram.apiRoot,
    answerer,
    liveIndex,
    adminUserIds: config.telegram.adminUserIds,
    streamAnswers: llm !== undefined,
    log: logFor(log, 'telegram'),
  });

  const stop = (signal: string): void => {
    log.info({ signal }, 'stopping the bot');
    try {
      bot.stop(signal);
    } catch {
      // not running yet (still launching): nothing to stop
    }
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  try {
    await registerCommands(bot.telegram);
  } catch (error) {
    log.warn({ err: { message: scrubSecrets(String(error)) } }, 'could not register the command menu; going on');
  }
  const allowedUpdates = ['message', 'inline_query', 'callback_query'] as const;
  if (config.telegram.mode === 'webhook') {
    const url = new URL(config.telegram.webhookUrl ?? '');
    await bot.launch({
      allowedUpdates: [...allowedUpdates],
      webhook: {
        domain: url.host,
        path: url.pathname === '/' ? '/telegram' : url.pathname,
        port: config.telegram.webhookPort,
        ...(config.telegram.webhookSecret ? { secretToken: config.telegram.webhookSecret } : {}),
      },
    });
    log.info({ username: bot.botInfo?.username, port: config.telegram.webhookPort }, 'bot started (webhook)');
    return;
  }
  await bot.launch({ allowedUpdates: [...allowedUpdates] }, () => {
    log.info({ username: bot.botInfo?.username }, 'bot started (long polling)');
  });
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
