// Composition root for `npm start`: settings → embedder → index (built if missing) → answerer →
// Telegram bot; long polling or a webhook; clean shutdown on SIGINT/SIGTERM.
import { TelegramError } from 'telegraf';
import { createAnswerer } from './answer/answer-question.js';
import { createChatModel } from './answer/llm.js';
import { loadPrompts } from './answer/prompts.js';
import { ConfigError, loadConfig } from './config.js';
import { AppError } from './errors.js';
import { createLogger, logFor, registerSecret, scrubSecrets } from './log.js';
import { registerCommands } from './telegram/commands.js';
import { createBot } from './telegram/bot.js';
import { createEmbedder } from './vector-store/embeddings.js';
import { ensureIndex } from './vector-store/index-store.js';
import { createLiveIndex } from './vector-store/live-index.js';
import { prepareSpellings } from './retrieval/pinyin-lookup.js';

const NO_TOKEN = `TELEGRAM_BOT_TOKEN is not set.
Get a token from @BotFather on Telegram (send /newbot, pick a name), then put it in .env:
  TELEGRAM_BOT_TOKEN=123456789:AA...
(see .env.example). Without Telegram, \`npm run chat\` answers the same questions in the terminal.
`;

/** Seconds the process waits for a clean stop before it exits anyway. */
const SHUTDOWN_GRACE_MS = 3000;

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.telegram.token) {
    process.stderr.write(NO_TOKEN);
    process.exitCode = 1;
    return;
  }
  registerSecret(config.telegram.token);
  registerSecret(config.llm.apiKey);
  registerSecret(config.embeddings.apiKey);
  const log = createLogger(config.logLevel);
  const embedder = await createEmbedder(config.embeddings);
  const { index, built } = await ensureIndex({
    docsDir: config.docsDir,
    indexDir: config.indexDir,
    embedder,
    log: logFor(log, 'vector-store'),
  });
  if (built) log.info({ articles: built.counts.articles, chunks: built.counts.chunks }, 'built the index before starting');
  const liveIndex = createLiveIndex(index, {
    docsDir: config.docsDir,
    indexDir: config.indexDir,
    embedder,
    log: logFor(log, 'vector-store'),
    // English names are spelled from the corpus's pinyin: build that table before users ask.
    onLoad: prepareSpellings,
  });
  const model = await createChatModel(config.llm);
  const llm = model ? { model, prompts: await loadPrompts(), timeoutMs: config.llm.timeoutMs } : undefined;
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

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof TelegramError && error.code === 401) {
    process.stderr.write('Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN, or ask @BotFather for a new one.\n');
  } else if (error instanceof AppError) {
    process.stderr.write(`Error: ${scrubSecrets(error.message)}\n`);
  } else {
    process.stderr.write(`Could not start the bot: ${scrubSecrets(error instanceof Error ? error.message : String(error))}\n`);
  }
  process.exit(1);
});
