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

  /** The callback data of the passages button under the last answer sent to `chatId`. */
  const buttonData = (chatId: number): string => {
    const answer = [...api.callsOf('sendMessage')].reverse().find((c) => c.payload.chat_id === chatId);
    const markup = answer?.payload.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> };
    return markup.inline_keyboard[0]![0]!.callback_data;
  };
  let callbackIds = 0;
  /** A button press by `userId` under a message in `chatId` (any data: presses can be forged). */
  const press = (userId: number, chatId: number, data: string) => {
    const id = `cb${(callbackIds += 1)}`;
    const type = chatId < 0 ? 'supergroup' : 'private';
    const update = {
      callback_query: {
        id,
        from: { id: userId, is_bot: false, first_name: 'U' },
        chat_instance: `ci${chatId}`,
        data,
        message: { message_id: 1, date: 0, chat: { id: chatId, type } },
      },
    };
    return { id, done: handle(update) };
  };

  it('keys the passages button unguessably and shows the passages only in the chat of the answer', async () => {
    const alice = 21;
    const bob = 22;
    await handle(privateText(alice, '爱丽丝的私人问题'));
    const first = buttonData(alice);
    await handle(privateText(alice, '爱丽丝的第二个问题'));
    const second = buttonData(alice);
    for (const data of [first, second]) {
      expect(data).toMatch(/^passages:[A-Za-z0-9_-]{16,}$/);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    }
    expect(first).not.toBe(second);

    // Bob forges a counter key and replays Alice's own key from his chat: nothing leaks.
    for (const data of ['passages:1', 'passages:2', first]) {
      const since = api.calls.length;
      const { id, done } = press(bob, bob, data);
      await done;
      const note = await api.waitFor('answerCallbackQuery', (p) => p.callback_query_id === id, 5000, since);
      expect(String(note.payload.text)).toMatch(/expired/);
      expect(JSON.stringify(api.calls.slice(since))).not.toContain('爱丽丝');
    }

    const since = api.calls.length;
    await press(alice, alice, first).done;
    const passages = await api.waitFor('sendMessage', (p) => p.chat_id === alice, 5000, since);
    expect(String(passages.payload.text)).toContain('<blockquote>答：爱丽丝的私人问题');
  });

  it("shows a group answer's passages in that group only", async () => {
    await handle(groupText(-7, 9, `@${BOT_USER.username} 群里的问题`));
    const data = buttonData(-7);
    let since = api.calls.length;
    const elsewhere = press(9, -8, data);
    await elsewhere.done;
    const note = await api.waitFor('answerCallbackQuery', (p) => p.callback_query_id === elsewhere.id, 5000, since);
    expect(String(note.payload.text)).toMatch(/expired/);
    expect(api.calls.slice(since).filter((c) => c.method === 'sendMessage')).toHaveLength(0);
    since = api.calls.length;
    await press(10, -7, data).done;
    const passages = await api.waitFor('sendMessage', (p) => p.chat_id === -7, 5000, since);
    expect(String(passages.payload.text)).toContain('群里的问题');
  });

  it('resends an answer Telegram cannot parse as plain text with the same content', async () => {
    api.failNext('sendMessage', 1, 400, {
      error_code: 400,
      description: 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 3',
    });
    const since = api.calls.length;
    await handle(privateText(23, '解析失败的问题 <x> & 1'));
    const sent = api.calls.slice(since).filter((c) => c.method === 'sendMessage');
    expect(sent).toHaveLength(2);
    const plain = sent[1]!.payload;
    expect(plain.parse_mode).toBeUndefined();
    expect(String(plain.text)).toContain('答：解析失败的问题 <x> & 1[1]');
    expect(String(plain.text)).toContain('来源');
    expect(String(plain.text)).not.toMatch(/<b>|&amp;|&lt;/);
    expect(plain.reply_markup).toBeDefined();
  });

  it('splits an answer smaller when Telegram says the message is too long', async () => {
    api.failNext('sendMessage', 1, 400, { error_code: 400, description: 'Bad Request: message is too long' });
    const since = api.calls.length;
    const long = Array.from({ length: 40 }, (_, i) => `第${i}段很长的句子。`.repeat(8)).join('\n\n');
    const question = long.slice(0, 900);
    await handle(privateText(24, question));
    const sent = api.calls.slice(since).filter((c) => c.method === 'sendMessage');
    expect(sent.length).toBeGreaterThanOrEqual(3);
    const parts = sent.slice(1).map((c) => String(c.payload.text));
    for (const part of parts) expect(part.length).toBeLessThan(String(sent[0]!.payload.text).length);
    const squeeze = (text: string) => text.replace(/\s+/g, '');
    expect(squeeze(parts.join(''))).toContain(squeeze(question));
    expect(JSON.stringify(sent)).not.toMatch(/something went wrong/);
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
