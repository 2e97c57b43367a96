// A generated answer streams into one private-chat message, edited at most once a second, then
// finalised with its verified citations; inline queries never wait for the LLM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answer-question.js';
import { createChatModel } from '../../src/answer/llm.js';
import { loadPrompts } from '../../src/answer/prompts.js';
import { silentLogger } from '../../src/log.js';
import { createBot } from '../../src/telegram/bot.js';
import { buildIndex } from '../../src/library/build.js';
import { createLiveIndex } from '../../src/library/live-index.js';
import { createHnswStore } from '../../src/vector-store/hnsw-store.js';
import { FakeOpenAiApi } from '../fakes/openai-api.js';
import { BOT_USER, FakeTelegramApi, privateText } from '../fakes/telegram-api.js';
import { localEmbedder, makeTempDir, MODEL_MISSING, modelsDir, seedsDir } from '../helpers.js';

const TOKEN = '222:streaming-test-token-abcdefghijklmn';

describe.skipIf(!modelsDir)(`streaming answers in Telegram (${modelsDir ? 'real model' : MODEL_MISSING})`, () => {
  const telegram = new FakeTelegramApi();
  const openai = new FakeOpenAiApi();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let handle: (update: Record<string, unknown>) => Promise<void>;
  /** A bot whose questions have 1.5 s, over an answerer whose own LLM timeout is a minute. */
  let handleWithBudget: (update: Record<string, unknown>) => Promise<void>;

  beforeAll(async () => {
    temp = await makeTempDir();
    const embedder = await localEmbedder();
    const store = createHnswStore({ indexDir: temp.dir, embedder });
    const { index } = await buildIndex({ docsDir: seedsDir, store, embedder });
    const liveIndex = createLiveIndex(index, { docsDir: seedsDir, store, embedder });
    const model = await createChatModel({
      provider: 'openai',
      baseUrl: await openai.start(),
      apiKey: 'sk-x',
      model: 'fake',
      timeoutMs: 10_000,
    });
    const answerer = createAnswerer({
      index: () => liveIndex.current(),
      embedder,
      llm: { model: model!, prompts: await loadPrompts(), timeoutMs: 10_000 },
    });
    const apiRoot = await telegram.start(TOKEN);
    const { bot } = createBot({
      token: TOKEN,
      apiRoot,
      answerer,
      liveIndex,
      adminUserIds: [],
      log: silentLogger,
      streamAnswers: true,
      botInfo: BOT_USER as never,
    });
    let id = 1;
    handle = (update) => bot.handleUpdate({ update_id: id++, ...update } as never);
    const patient = createAnswerer({
      index: () => liveIndex.current(),
      embedder,
      llm: { model: model!, prompts: await loadPrompts(), timeoutMs: 60_000 },
    });
    const budgeted = createBot({
      token: TOKEN,
      apiRoot,
      answerer: patient,
      liveIndex,
      adminUserIds: [],
      log: silentLogger,
      streamAnswers: true,
      questionBudgetMs: 1500,
      botInfo: BOT_USER as never,
    }).bot;
    handleWithBudget = (update) => budgeted.handleUpdate({ update_id: id++, ...update } as never);
  });
  afterAll(async () => {
    await telegram.stop();
    await openai.stop();
    await temp.remove();
  });

  it('edits the answer in place at most once a second, then finalises it with sources', async () => {
    const content =
      '齐齐哈尔市在疫情期间通过线上推进和云上签约等形式，使一批好项目、大项目相继落户，投资总额达172亿元，位列全省第一。[1]';
    openai.script.push({ content, chunkDelayMs: 120 });
    const since = telegram.calls.length;
    await handle(privateText(77, '齐齐哈尔云上签约的项目投资总额是多少？'));
    const calls = telegram.calls.slice(since).filter((c) => c.payload.chat_id === 77 || c.method === 'editMessageText');
    const sends = calls.filter((c) => c.method === 'sendMessage');
    const edits = calls.filter((c) => c.method === 'editMessageText');
    expect(sends).toHaveLength(1); // the draft, later edited into the final answer
    expect(edits.length).toBeGreaterThanOrEqual(1);
    const stamps = [sends[0]!, ...edits.slice(0, -1)].map((c) => c.at);
    for (let i = 1; i < stamps.length; i += 1) expect(stamps[i]! - stamps[i - 1]!).toBeGreaterThanOrEqual(950);
    const final = edits.at(-1)!;
    expect(String(final.payload.text)).toContain('172亿元');
    expect(String(final.payload.text)).toContain('<b>来源</b>');
    expect(final.payload.reply_markup).toBeDefined();
  });

  it('gives exactly one answer, the extractive one with its note, when the LLM hangs past the budget', async () => {
    openai.script.push({ hang: true });
    const since = telegram.calls.length;
    await handleWithBudget(privateText(78, '齐齐哈尔云上签约的项目投资总额是多少？'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const toUser = telegram.calls
      .slice(since)
      .filter((c) => c.payload.chat_id === 78 && (c.method === 'sendMessage' || c.method === 'editMessageText'));
    expect(toUser).toHaveLength(1);
    expect(String(toUser[0]!.payload.text)).toContain('生成式回答暂不可用');
    expect(String(toUser[0]!.payload.text)).toContain('172亿元');
  });

  it('answers inline queries without calling the LLM', async () => {
    const before = openai.chatRequests().length;
    const since = telegram.calls.length;
    await handle({
      inline_query: {
        id: 'i1',
        from: { id: 77, is_bot: false, first_name: 'U' },
        query: '齐齐哈尔云上签约的项目投资总额是多少？',
        offset: '',
      },
    });
    const call = await telegram.waitFor('answerInlineQuery', () => true, 5000, since);
    expect(JSON.stringify(call.payload.results)).toContain('172亿元');
    expect(openai.chatRequests().length).toBe(before);
  });
});
