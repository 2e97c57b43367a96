// Webhook mode as a real process: the bot registers its URL and secret with the Bot API, serves
// updates on its port, refuses requests without Telegram's secret-token header, turns away bodies
// that are not updates, and never starts without a secret.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegramApi, privateText } from '../fakes/telegram-api.js';
import { makeTempDir, MODEL_MISSING, modelsDir, runScript, startBotProcess } from '../helpers.js';

const TOKEN = '987654321:AAWebhookTestTokenOnly_abcdefghijkl';
const SECRET = 'hook-secret-123';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('webhook mode without a secret', () => {
  it('refuses to start and names WEBHOOK_SECRET', async () => {
    const run = await runScript('src/main.ts', [], {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
      BOT_MODE: 'webhook',
      WEBHOOK_URL: 'https://bot.example.com/tg-hook',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/WEBHOOK_SECRET: required when BOT_MODE=webhook/);
  });
});

describe.skipIf(!modelsDir)(`webhook mode (${modelsDir ? 'real model' : MODEL_MISSING})`, () => {
  const api = new FakeTelegramApi();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let child: ChildProcess;
  let port: number;
  let exited: Promise<number | null>;

  beforeAll(async () => {
    temp = await makeTempDir();
    port = await freePort();
    const apiRoot = await api.start(TOKEN);
    child = startBotProcess(
      { token: TOKEN, apiRoot, indexDir: path.join(temp.dir, 'index') },
      {
        BOT_MODE: 'webhook',
        WEBHOOK_URL: 'https://bot.example.com/tg-hook',
        WEBHOOK_PORT: String(port),
        WEBHOOK_SECRET: SECRET,
      },
    );
    exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    await api.waitFor('setWebhook', () => true, 60_000);
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await api.stop();
    await temp.remove();
  });

  it('registers its public URL and secret with Telegram', () => {
    const call = api.callsOf('setWebhook')[0];
    expect(call?.payload).toMatchObject({ url: 'https://bot.example.com/tg-hook', secret_token: SECRET });
  });

  it('refuses updates without the secret-token header and answers those with it', async () => {
    const update = JSON.stringify({ update_id: 1, ...privateText(31, '齐齐哈尔云上签约的项目投资总额是多少？') });
    const url = `http://127.0.0.1:${port}/tg-hook`;
    const refused = await fetch(url, {
      method: 'POST',
      body: update,
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' },
    });
    expect(refused.status).toBe(403);
    const since = api.calls.length;
    const accepted = await fetch(url, {
      method: 'POST',
      body: update,
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    });
    expect(accepted.status).toBe(200);
    const reply = await api.waitFor('sendMessage', (p) => p.chat_id === 31, 20_000, since);
    expect(String(reply.payload.text)).toContain('172亿元');
  });

  it('turns away bodies that are not updates, and huge ones, and still answers real updates', async () => {
    const url = `http://127.0.0.1:${port}/tg-hook`;
    const post = (body: string | Uint8Array) =>
      fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      }).then((response) => response.status);
    const hostile = ['null', '[]', '"update"', '42', '{}', '{"update_id":"7"}', '{"update_id":1', ''];
    for (const body of hostile) expect(await post(body), body).toBe(400);
    const huge = JSON.stringify({ update_id: 2, ...privateText(32, '招商'.repeat(1_000_000)) });
    expect(await post(huge)).toBe(413);
    // Shaped like an update but holding nothing the bot can handle: taken, and its failure contained.
    expect(await post('{"update_id":4,"message":{}}')).toBe(200);
    expect(await post('{"update_id":5,"callback_query":{"id":"x","data":"passages:1"}}')).toBe(200);
    expect(child.exitCode).toBeNull();
    const since = api.calls.length;
    const update = JSON.stringify({ update_id: 3, ...privateText(33, '龙江县与哪家公司签约了肉牛养殖屠宰项目？') });
    expect(await post(update)).toBe(200);
    const reply = await api.waitFor('sendMessage', (p) => p.chat_id === 33, 20_000, since);
    expect(String(reply.payload.text)).toContain('金马兴牧');
  });

  it('refuses a request with no secret-token header', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/tg-hook`, { method: 'POST', body: '{"update_id":9}' });
    expect(response.status).toBe(401);
  });

  it('stops on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
