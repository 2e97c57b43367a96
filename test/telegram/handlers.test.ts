// Handler-level tests: updates fed to bot.handleUpdate with a fixed botInfo; outgoing calls land on
// a fake Bot API server on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/answer/answer-question.js';
import type { Answer } from '../../src/answer/types.js';
import { silentLogger } from '../../src/log.js';
import { createBot } from '../../src/telegram/bot.js';
import type { LiveIndex } from '../../src/library/live-index.js';
import { BOT_USER, FakeTelegramApi, groupText, privateText } from '../fakes/telegram-api.js';

const TOKEN = '111:handler-test-token-abcdefghijklmnop';

function answerWith(text: string): Answer {
  return {
    status: 'answered',
    question: 'q',
    language: 'zh',
    text: `${text}[1]`,
    citations: [
      {
        n: 1,
        articleId: 'a',
        title: 'T',
        publisher: 'P',
        date: '2022-01-01',
        url: undefined,
        file: 'f.txt',
        passage: text,
      },
    ],
  };
}

describe('bot handlers', () => {
  const api = new FakeTelegramApi();
  let failNextAnswer = false;
  const answerer: Answerer = {
    answer: (question) => {
      if (failNextAnswer) {
        failNextAnswer = false;
        return Promise.reject(new Error(`exploded with token ${TOKEN}`));
      }
      return Promise.resolve(answerWith(`答：${question}`));
    },
    answerWithDetails: async (question) => ({
      answer: await answerer.answer(question),
      understanding: undefined,
      passages: [],
      standalone: question,
    }),
    forget: () => undefined,
  };
  const liveIndex = {
    current: () => ({ manifest: { articles: [], counts: { articles: 0, chunks: 0 } } }),
    isRebuilding: () => false,
  } as unknown as LiveIndex;
  let handle: (update: Record<string, unknown>) => Promise<void>;
  const errors: string[] = [];

  beforeAll(async () => {
    const apiRoot = await api.start(TOKEN);
    const log = {
      ...silentLogger,
      error: (obj: unknown) => errors.push(JSON.stringify(obj)),
      warn: () => undefined,
      info: () => undefined,
      child: () => log,
    } as unknown as typeof silentLogger;
    const { bot } = createBot({
      token: TOKEN,
      apiRoot,
      answerer,
      liveIndex,
      adminUserIds: [1],
      log,
      botInfo: BOT_USER as never,
    });
    let id = 1;
    handle = (update) => bot.handleUpdate({ update_id: id++, ...update } as never);
  });
  afterAll(() => api.stop());

  it('logs a failure with the update id, tells the user, and keeps serving', async () => {
    failNextAnswer = true;
    let since = api.calls.length;
    await handle(privateText(9, '会失败的问题'));
    const sorry = await api.waitFor('sendMessage', (p) => p.chat_id === 9, 5000, since);
    expect(String(sorry.payload.text)).toMatch(/something went wrong/);
    expect(errors.at(-1)).toMatch(/"updateId":\d+/);
    expect(errors.join('\n')).not.toContain(TOKEN);
    since = api.calls.length;
    await handle(privateText(9, '下一个问题'));
    const next = await api.waitFor('sendMessage', (p) => p.chat_id === 9, 5000, since);
    expect(String(next.payload.text)).toContain('答：下一个问题');
  });

  it('replies to a reply to its own message in a group', async () => {
    const since = api.calls.length;
    const update = groupText(-5, 9, '那齐齐哈尔呢？', {
      reply_to_message: { message_id: 1, date: 0, chat: { id: -5, type: 'supergroup' }, from: BOT_USER, text: '…' },
    });
    await handle(update);
    const reply = await api.waitFor('sendMessage', (p) => p.chat_id === -5, 5000, since);
    expect(reply.payload.reply_parameters).toMatchObject({
      message_id: (update.message as { message_id: number }).message_id,
    });
  });

  it('ignores commands meant for other bots in groups', async () => {
    const since = api.calls.length;
    await handle(groupText(-5, 9, '/frobnicate@other_bot'));
    await handle(groupText(-5, 9, '/ask@test_news_bot'));
    const usage = await api.waitFor('sendMessage', (p) => p.chat_id === -5, 5000, since);
    expect(String(usage.payload.text)).toMatch(/Usage/);
    expect(api.calls.slice(since).filter((c) => c.method === 'sendMessage')).toHaveLength(1);
  });

  it('tells a non-admin who sends a file privately that adding articles is for admins', async () => {
    const since = api.calls.length;
    await handle(
      privateText(9, '', { text: undefined, document: { file_id: 'x', file_unique_id: 'x', file_name: 'a.txt' } }),
    );
    const reply = await api.waitFor('sendMessage', (p) => p.chat_id === 9, 5000, since);
    expect(String(reply.payload.text)).toMatch(/admins only/);
  });
});
