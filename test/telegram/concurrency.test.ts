// Updates handled side by side, as a real process (long polling) with an LLM that is slow for one
// question: other chats are answered meanwhile, and one chat's questions are answered in order.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAiApi } from '../fakes/openai-api.js';
import { BOT_USER, FakeTelegramApi, groupText, privateText } from '../fakes/telegram-api.js';
import { makeTempDir, MODEL_MISSING, modelsDir, startBotProcess } from '../helpers.js';

const TOKEN = '444555666:AAConcurrencyTestToken_abcdefghijkl';
/** The question the LLM hangs on (until the question's time budget ends); others fail fast. */
const SLOW = '佳木斯一季度招商签约了多少个项目？';
const FAST = '齐齐哈尔云上签约的项目投资总额是多少？';
const NOTE = /生成式回答暂不可用/;

describe.skipIf(!modelsDir)(`answers side by side (${modelsDir ? 'real model' : MODEL_MISSING})`, () => {
  const api = new FakeTelegramApi();
  const llm = new FakeOpenAiApi();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let child: ChildProcess;
  let output = '';

  /** Index of the first call after `since` that is a message to `chatId` matching `text`. */
  const sentTo = (chatId: number, text: RegExp, since = 0): number =>
    api.calls.findIndex(
      (c, i) =>
        i >= since && c.method === 'sendMessage' && c.payload.chat_id === chatId && text.test(String(c.payload.text)),
    );

  beforeAll(async () => {
    temp = await makeTempDir();
    llm.fallback = (request) =>
      JSON.stringify(request.body.messages ?? []).includes(SLOW) ? { hang: true } : { status: 500 };
    const llmRoot = await llm.start();
    const apiRoot = await api.start(TOKEN);
    child = startBotProcess(
      { token: TOKEN, apiRoot, indexDir: path.join(temp.dir, 'index') },
      {
        LLM_PROVIDER: 'openai',
        LLM_BASE_URL: llmRoot,
        LLM_API_KEY: 'sk-concurrency-test',
        LLM_MODEL: 'fake',
        LLM_TIMEOUT_MS: '3000',
      },
    );
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await api.waitFor('getUpdates', () => true, 60_000);
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await api.stop();
    await llm.stop();
    await temp.remove();
  });

  it("answers another chat while one chat's answer is slow", async () => {
    const since = api.calls.length;
    const slowAsked = llm.chatRequests().length;
    api.push(privateText(41, SLOW));
    // The slow question is with the LLM before the other chat asks.
    for (let i = 0; i < 400 && llm.chatRequests().length === slowAsked; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    api.push(privateText(42, FAST));
    await api.waitFor('sendMessage', (p) => p.chat_id === 41, 20_000, since);
    await api.waitFor('sendMessage', (p) => p.chat_id === 42, 20_000, since);
    const fast = sentTo(42, /172亿元/, since);
    const slow = sentTo(41, /30\.97亿元/, since);
    expect(fast).toBeGreaterThan(-1);
    expect(slow).toBeGreaterThan(fast);
    // The slow one is one answer: the extractive one with its note, nothing before it.
    const toSlowChat = api.calls.slice(since).filter((c) => c.method === 'sendMessage' && c.payload.chat_id === 41);
    expect(toSlowChat).toHaveLength(1);
    expect(String(toSlowChat[0]!.payload.text)).toMatch(NOTE);
  });

  it('answers the questions of one chat in the order they were asked', async () => {
    const group = -300;
    const since = api.calls.length;
    const slow = groupText(group, 51, `/ask@${BOT_USER.username} ${SLOW}`);
    const fast = groupText(group, 52, `/ask@${BOT_USER.username} ${FAST}`);
    api.pushBatch([slow, fast]);
    await api.waitFor('sendMessage', (p) => p.chat_id === group && /172亿元/.test(String(p.text)), 20_000, since);
    const replies = api.calls
      .slice(since)
      .filter((c) => c.method === 'sendMessage' && c.payload.chat_id === group)
      .map((c) => (c.payload.reply_parameters as { message_id: number }).message_id);
    const idOf = (update: Record<string, unknown>) => (update.message as { message_id: number }).message_id;
    expect(replies).toEqual([idOf(slow), idOf(fast)]);
  });

  it('never logged the LLM key or the token', () => {
    expect(output).not.toContain('sk-concurrency-test');
    expect(output).not.toContain(TOKEN);
  });
});
