// Retries wrap only this bot's Telegram clients: 429s wait for retry_after, calls give up after a few
// attempts, polling's wait ends when polling is stopped, and other clients in the process are untouched.
import { Telegram, TelegramError } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/answer/answer-question.js';
import type { LiveIndex } from '../../src/library/live-index.js';
import { silentLogger } from '../../src/log.js';
import { createBot } from '../../src/telegram/bot.js';
import { retryTelegramCalls } from '../../src/telegram/retry.js';
import { BOT_USER, FakeTelegramApi, privateText } from '../fakes/telegram-api.js';

const TOKEN = '333:retry-test-token-abcdefghijklmnopq';
const slowDown = (seconds: number) => ({
  error_code: 429,
  description: `Too Many Requests: retry after ${seconds}`,
  parameters: { retry_after: seconds },
});

describe('Telegram retries', () => {
  const api = new FakeTelegramApi();
  let apiRoot: string;

  beforeAll(async () => {
    apiRoot = await api.start(TOKEN);
  });
  afterAll(() => api.stop());

  it('sends a reply again after the retry_after Telegram asks for', async () => {
    const answerer = {
      answer: () => Promise.reject(new Error('not asked')),
      answerWithDetails: () => Promise.reject(new Error('not asked')),
      forget: () => undefined,
    } as unknown as Answerer;
    const liveIndex = {} as LiveIndex;
    const { bot } = createBot({ token: TOKEN, apiRoot, answerer, liveIndex, adminUserIds: [], log: silentLogger });
    bot.botInfo = BOT_USER as never;
    api.failNext('sendMessage', 1, 429, slowDown(1));
    const since = api.calls.length;
    await bot.handleUpdate({ update_id: 1, ...privateText(41, '/help') } as never);
    const sends = api.calls.slice(since).filter((c) => c.method === 'sendMessage');
    expect(sends).toHaveLength(2);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(900);
    expect(String(sends[1]!.payload.text)).toContain('Help');
  });

  it('gives up on an ordinary call after four attempts', async () => {
    const telegram = retryTelegramCalls(new Telegram(TOKEN, { apiRoot }), silentLogger);
    api.failNext('sendMessage', 3, 429, slowDown(0));
    const sent = telegram.sendMessage(1, 'third retry succeeds');
    await expect(sent).resolves.toMatchObject({ text: 'third retry succeeds' });
    api.failNext('sendMessage', 4, 429, slowDown(0));
    await expect(telegram.sendMessage(1, 'never')).rejects.toBeInstanceOf(TelegramError);
  });

  it('leaves every other Telegram client in the process as it was', async () => {
    retryTelegramCalls(new Telegram(TOKEN, { apiRoot }), silentLogger);
    const other = new Telegram(TOKEN, { apiRoot });
    api.failNext('sendMessage', 1, 429, slowDown(0));
    await expect(other.sendMessage(1, 'once')).rejects.toBeInstanceOf(TelegramError);
  });

  it('stops waiting to poll again as soon as polling is stopped', async () => {
    const telegram = retryTelegramCalls(new Telegram(TOKEN, { apiRoot }), silentLogger);
    api.failNext('getUpdates', 1, 429, slowDown(30));
    const stop = new AbortController();
    const started = Date.now();
    // telegraf types the signal as its abort-controller polyfill's; polling passes one like this.
    const options = { signal: stop.signal } as unknown as Parameters<Telegram['callApi']>[2];
    const polled = telegram.callApi('getUpdates', { timeout: 1 }, options);
    setTimeout(() => stop.abort(), 200);
    await expect(polled).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
