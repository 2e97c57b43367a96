// `npm run bench:telegram`: the bot's speed end to end against a fake Bot API server on 127.0.0.1:
// a private question from update to sendMessage, an inline query to answerInlineQuery, and 20
// users asking at once. Uses the real answer path over DOCS_DIR (default: the seeds).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAnswerer } from '../../src/answer/answer-question.js';
import { readCommandLine } from '../../src/cli/runtime.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { createBot } from '../../src/telegram/bot.js';
import { createEmbedder } from '../../src/vector-store/embeddings.js';
import { buildIndex } from '../../src/library/build.js';
import { createLiveIndex } from '../../src/library/live-index.js';
import { createHnswStore } from '../../src/vector-store/hnsw-store.js';
import { prepareSpellings } from '../../src/retrieval/pinyin-lookup.js';
import { FakeTelegramApi, privateText } from '../../test/fakes/telegram-api.js';
import { percentile } from '../stats.js';

const QUESTIONS = [
  '佳木斯一季度招商签约了多少个项目？投资总额多少？',
  'how much did Jiamusi sign in Q1?',
  '齐齐哈尔云上签约的项目投资总额是多少？',
  '龙江县与哪家公司签约了肉牛养殖屠宰项目？',
  '碾子山区有多少个再谈项目？',
  '大庆市2021年招商引资签约金额是多少？',
];

function stats(samples: number[]): string {
  const at = (p: number) => percentile(samples, p).toFixed(0);
  return `median ${at(50)} ms, p95 ${at(95)} ms, max ${at(100)} ms (n=${samples.length})`;
}

const TOKEN = '100200300:BenchTokenForTheFakeServerOnly_xyz';

/** Milliseconds from a private question's update to the bot's sendMessage, one user per call. */
function createAsker(api: FakeTelegramApi): (question: string) => Promise<number> {
  let user = 1;
  return async (question) => {
    const chatId = user++;
    const since = api.calls.length;
    const started = Date.now();
    api.push(privateText(chatId, question));
    // The fake server stamps each call as it arrives; polling here must not add to the figure.
    const reply = await api.waitFor('sendMessage', (p) => p.chat_id === chatId, 30_000, since);
    return reply.at - started;
  };
}

/** Milliseconds from an inline query's update to answerInlineQuery, for 60 queries one after another. */
async function measureInline(api: FakeTelegramApi): Promise<number[]> {
  const inlineMs: number[] = [];
  for (let i = 0; i < 60; i += 1) {
    const id = `iq${i}`;
    const since = api.calls.length;
    const started = Date.now();
    const from = { id: 99, is_bot: false, first_name: 'U' };
    api.push({ inline_query: { id, from, query: QUESTIONS[i % QUESTIONS.length], offset: '' } });
    const reply = await api.waitFor('answerInlineQuery', (p) => p.inline_query_id === id, 30_000, since);
    inlineMs.push(reply.at - started);
  }
  return inlineMs;
}

/** 20 users asking at once: how many got an answer, and when the last one came. */
async function measureCrowd(api: FakeTelegramApi): Promise<{ answered: number; lastMs: number }> {
  const crowd = Array.from({ length: 20 }, (_, i) => 10_000 + i);
  const since = api.calls.length;
  const started = Date.now();
  crowd.forEach((chatId, i) => api.push(privateText(chatId, QUESTIONS[i % QUESTIONS.length] ?? '')));
  const crowdMs = await Promise.all(
    crowd.map(async (chatId) => {
      const reply = await api.waitFor('sendMessage', (p) => p.chat_id === chatId, 60_000, since);
      return reply.at - started;
    }),
  );
  const sent = api.calls.slice(since).filter((c) => c.method === 'sendMessage');
  return { answered: new Set(sent.map((c) => c.payload.chat_id)).size, lastMs: Math.max(...crowdMs) };
}

async function main(): Promise<void> {
  if (!readCommandLine({})) return; // it takes no arguments: any is a mistake to report
  const config = loadConfig();
  const embedder = await createEmbedder(config.embeddings);
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'news-bot-tg-bench-'));
  const api = new FakeTelegramApi();
  try {
    const store = createHnswStore({ indexDir, embedder });
    const { index } = await buildIndex({ docsDir: config.docsDir, store, embedder });
    const liveIndex = createLiveIndex(index, { docsDir: config.docsDir, store, embedder, onLoad: prepareSpellings });
    const answerer = createAnswerer({ index: () => liveIndex.current(), embedder });
    const apiRoot = await api.start(TOKEN);
    const { bot } = createBot({ token: TOKEN, apiRoot, answerer, liveIndex, adminUserIds: [], log: silentLogger });
    const launched = bot.launch();
    await api.waitFor('getUpdates');

    const ask = createAsker(api);
    for (const question of QUESTIONS) await ask(question); // warm-up
    const privateMs: number[] = [];
    for (let i = 0; i < 120; i += 1) privateMs.push(await ask(QUESTIONS[i % QUESTIONS.length] ?? ''));
    const inlineMs = await measureInline(api);
    const crowd = await measureCrowd(api);

    const slowestInline = inlineMs.indexOf(Math.max(...inlineMs)) + 1;
    console.log(`Private question, update → sendMessage: ${stats(privateMs)}`);
    console.log(`Inline query, update → answerInlineQuery: ${stats(inlineMs)}; slowest was query ${slowestInline}`);
    console.log(`20 users at once: ${crowd.answered}/20 answered, last answer after ${crowd.lastMs.toFixed(1)} ms`);
    bot.stop('bench done');
    await launched;
  } finally {
    await api.stop();
    await rm(indexDir, { recursive: true, force: true });
  }
}

await main();
