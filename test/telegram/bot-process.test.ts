// The bot as a real process (`npm start`) against a fake Bot API server on 127.0.0.1, driven with
// updates the way Telegram would send them.
import { spawn, type ChildProcess } from 'node:child_process';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegramApi, groupText, privateText, BOT_USER } from '../fakes/telegram-api.js';
import { fixturesDir, makeTempDir, MODEL_MISSING, modelsDir, projectRoot, seedsDir } from '../helpers.js';

const TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijkl';
const ADMIN = 4242;
const USER = 5151;
const GROUP = -100777;

describe.skipIf(!modelsDir)(`the Telegram bot process (${modelsDir ? 'real model' : MODEL_MISSING})`, () => {
  const api = new FakeTelegramApi();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let child: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;

  const sent = (since: number) => api.calls.slice(since).filter((c) => c.method === 'sendMessage');
  const textOf = (call: { payload: Record<string, unknown> }) => String(call.payload.text);

  beforeAll(async () => {
    temp = await makeTempDir();
    const docsDir = path.join(temp.dir, 'docs');
    await cp(seedsDir, docsDir, { recursive: true });
    const apiRoot = await api.start(TOKEN);
    child = spawn('npm', ['start', '--silent'], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        npm_config_prefix: undefined,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
        ADMIN_USER_IDS: String(ADMIN),
        DOCS_DIR: docsDir,
        INDEX_DIR: path.join(temp.dir, 'index'),
        MODELS_DIR: modelsDir,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a signal reaches npm and the bot alike, as Ctrl-C in a terminal does.
      detached: true,
    });
    // npm start runs in the project: point npm at it explicitly.
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    await api.waitFor('setMyCommands', () => true, 60_000);
    await api.waitFor('getUpdates', () => true, 60_000);
  }, 120_000);

  const groupAlive = (): boolean => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };

  afterAll(async () => {
    if (groupAlive()) process.kill(-child.pid!, 'SIGKILL');
    await api.stop();
    await temp.remove();
  });

  it('registers its commands in English and Chinese', () => {
    const menus = api.callsOf('setMyCommands');
    expect(menus.some((c) => c.payload.language_code === 'zh')).toBe(true);
    const english = menus.find((c) => c.payload.language_code === undefined);
    expect((english?.payload.commands as Array<{ command: string }>).map((c) => c.command)).toEqual(
      expect.arrayContaining(['start', 'help', 'ask', 'sources', 'reindex', 'stats']),
    );
  });

  it('answers a private question with typing, HTML, [n] markers, linked sources and a passages button', async () => {
    const since = api.calls.length;
    api.push(privateText(USER, '佳木斯一季度招商签约了多少个项目？投资总额多少？'));
    const reply = await api.waitFor('sendMessage', (p) => p.chat_id === USER, 20_000, since);
    expect(api.calls.slice(since).some((c) => c.method === 'sendChatAction' && c.payload.action === 'typing')).toBe(
      true,
    );
    expect(reply.payload.parse_mode).toBe('HTML');
    expect(reply.payload.link_preview_options).toEqual({ is_disabled: true });
    const text = textOf(reply);
    expect(text).toContain('30.97亿元');
    expect(text).toContain('[1]');
    expect(text).toContain(
      '<a href="http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202203282324190587">明晰招商轨迹 吸引大项目落地</a> — 黑龙江日报, 2022-03-28',
    );
    const keyboard = (reply.payload.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> })
      .inline_keyboard;
    expect(keyboard[0]?.[0]?.callback_data).toMatch(/^passages:/);
  });

  it('shows the quoted passages behind an answer, and a polite note for an expired button', async () => {
    const answer = [...api.callsOf('sendMessage')].reverse().find((c) => c.payload.reply_markup);
    const data = (answer?.payload.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> })
      .inline_keyboard[0]![0]!.callback_data;
    let since = api.calls.length;
    api.push({
      callback_query: {
        id: 'cb1',
        from: { id: USER, is_bot: false, first_name: 'User' },
        chat_instance: 'x',
        data,
        message: { message_id: 1, date: 0, chat: { id: USER, type: 'private' } },
      },
    });
    await api.waitFor('answerCallbackQuery', (p) => p.callback_query_id === 'cb1', 20_000, since);
    const passages = await api.waitFor('sendMessage', (p) => p.chat_id === USER, 20_000, since);
    expect(textOf(passages)).toMatch(/<blockquote>[^<]*30\.97亿元/);
    since = api.calls.length;
    api.push({
      callback_query: {
        id: 'cb2',
        from: { id: USER, is_bot: false, first_name: 'User' },
        chat_instance: 'x',
        data: 'passages:zzzz',
        message: { message_id: 1, date: 0, chat: { id: USER, type: 'private' } },
      },
    });
    const note = await api.waitFor('answerCallbackQuery', (p) => p.callback_query_id === 'cb2', 20_000, since);
    expect(String(note.payload.text)).toMatch(/expired/);
  });

  it('stays quiet in groups unless asked, and answers mentions and /ask@bot as replies', async () => {
    const since = api.calls.length;
    api.push(groupText(GROUP, USER, '今天开会讨论招商引资签约项目，大家怎么看？'));
    const mention = groupText(GROUP, USER, `@${BOT_USER.username} 齐齐哈尔云上签约的项目投资总额是多少？`);
    api.push(mention);
    const reply = await api.waitFor('sendMessage', (p) => p.chat_id === GROUP, 20_000, since);
    const mentionId = (mention.message as { message_id: number }).message_id;
    expect(reply.payload.reply_parameters).toMatchObject({ message_id: mentionId });
    expect(textOf(reply)).toContain('172亿元');
    const ask = groupText(GROUP, USER, `/ask@${BOT_USER.username} 龙江县与哪家公司签约了肉牛养殖屠宰项目？`);
    const before = api.calls.length;
    api.push(ask);
    const askReply = await api.waitFor('sendMessage', (p) => p.chat_id === GROUP, 20_000, before);
    expect(askReply.payload.reply_parameters).toMatchObject({
      message_id: (ask.message as { message_id: number }).message_id,
    });
    expect(textOf(askReply)).toContain('金马兴牧');
    // The chatter got no answer: exactly the two replies above were sent to the group.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sent(since).filter((c) => c.payload.chat_id === GROUP)).toHaveLength(2);
  });

  it('answers an inline query with up to five articles, the answer first, each with its source', async () => {
    const since = api.calls.length;
    api.push({
      inline_query: {
        id: 'iq1',
        from: { id: USER, is_bot: false, first_name: 'User' },
        query: 'how much did Jiamusi sign in Q1?',
        offset: '',
      },
    });
    const call = await api.waitFor('answerInlineQuery', (p) => p.inline_query_id === 'iq1', 20_000, since);
    const results = call.payload.results as Array<{ id: string; input_message_content: { message_text: string } }>;
    expect(results.length).toBeGreaterThan(1);
    expect(results.length).toBeLessThanOrEqual(5);
    expect(results[0]?.id).toBe('answer');
    expect(results[0]?.input_message_content.message_text).toContain('30.97亿元');
    expect(results[0]?.input_message_content.message_text).toContain('明晰招商轨迹 吸引大项目落地');
    for (const result of results.slice(1))
      expect(result.input_message_content.message_text).toMatch(/— .+, \d{4}-\d{2}-\d{2}/);
    api.push({
      inline_query: { id: 'iq2', from: { id: USER, is_bot: false, first_name: 'User' }, query: '', offset: '' },
    });
    const hint = await api.waitFor('answerInlineQuery', (p) => p.inline_query_id === 'iq2', 20_000, since);
    expect((hint.payload.results as Array<{ id: string }>)[0]?.id).toBe('hint');
  });

  it('refuses /reindex to non-admins and runs it for admins, with a completion message', async () => {
    let since = api.calls.length;
    api.push(privateText(USER, '/reindex'));
    const refused = await api.waitFor('sendMessage', (p) => p.chat_id === USER, 20_000, since);
    expect(textOf(refused)).toMatch(/admins only/);
    since = api.calls.length;
    api.push(privateText(ADMIN, '/reindex'));
    const done = await api.waitFor(
      'sendMessage',
      (p) => p.chat_id === ADMIN && /Re-index complete/.test(String(p.text)),
      60_000,
      since,
    );
    expect(textOf(done)).toMatch(/重建完成 \/ Re-index complete: 2 articles, \d+ chunks, [\d.]+ s/);
  });

  it('adds an article an admin sends as a file and answers from it', async () => {
    const bytes = await import('node:fs/promises').then((fs) =>
      fs.readFile(path.join(fixturesDir, 'articles', 'hexo-post.md')),
    );
    api.addFile('doc1', 'documents/qth.md', bytes);
    let since = api.calls.length;
    api.push(
      privateText(ADMIN, '', {
        text: undefined,
        document: { file_id: 'doc1', file_unique_id: 'u1', file_name: 'qth.md', file_size: bytes.length },
      }),
    );
    const added = await api.waitFor(
      'sendMessage',
      (p) => p.chat_id === ADMIN && /Article added/.test(String(p.text)),
      60_000,
      since,
    );
    expect(textOf(added)).toContain('七台河与中煤集团签约石墨烯产业园项目');
    since = api.calls.length;
    api.push(privateText(USER, '七台河石墨烯产业园项目总投资多少？'));
    const answer = await api.waitFor('sendMessage', (p) => p.chat_id === USER, 20_000, since);
    expect(textOf(answer)).toContain('45亿元');
    expect(textOf(answer)).toContain('七台河日报');
  });

  it('answers huge and markup-filled messages politely', async () => {
    let since = api.calls.length;
    api.push(privateText(USER, '招商引资'.repeat(3000)));
    const huge = await api.waitFor('sendMessage', (p) => p.chat_id === USER, 20_000, since);
    expect(textOf(huge)).toMatch(/too long/);
    since = api.calls.length;
    api.push(privateText(USER, '<script>alert(1)</script><b>齐齐哈尔</b>云上签约的项目投资总额是多少？'));
    const markup = await api.waitFor('sendMessage', (p) => p.chat_id === USER, 20_000, since);
    expect(textOf(markup)).toContain('172亿元');
    expect(textOf(markup)).not.toContain('<script>');
  });

  it('still delivers the answer when Telegram answers 429 on sendMessage', async () => {
    const asker = 6161;
    api.failNext('sendMessage', 1, 429, {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const since = api.calls.length;
    api.push(privateText(asker, '碾子山区有多少个再谈项目？'));
    await api.waitFor('sendMessage', (p) => p.chat_id === asker, 20_000, since);
    const first = api.calls.findIndex(
      (c, i) => i >= since && c.method === 'sendMessage' && c.payload.chat_id === asker,
    );
    const retried = await api.waitFor('sendMessage', (p) => p.chat_id === asker, 20_000, first + 1);
    expect(String(retried.payload.text)).toContain('9个');
    expect(retried.at - api.calls[first]!.at).toBeGreaterThanOrEqual(900);
  });

  it('stops one user from flooding the bot with a single polite note', async () => {
    const flooder = 7171;
    const since = api.calls.length;
    for (let i = 0; i < 12; i += 1) api.push(privateText(flooder, `齐齐哈尔招商引资第${i}问`));
    await api.waitFor(
      'sendMessage',
      (p) => p.chat_id === flooder && /faster than I can keep up/.test(String(p.text)),
      20_000,
      since,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const replies = sent(since).filter((c) => c.payload.chat_id === flooder);
    expect(replies.filter((c) => /faster than I can keep up/.test(textOf(c)))).toHaveLength(1);
    expect(replies.length).toBeLessThan(12);
  });

  it('answers unknown commands with help and /stats for admins', async () => {
    let since = api.calls.length;
    api.push(privateText(USER, '/frobnicate'));
    const help = await api.waitFor('sendMessage', (p) => p.chat_id === USER, 20_000, since);
    expect(textOf(help)).toMatch(/I don't know that command/);
    since = api.calls.length;
    api.push(privateText(ADMIN, '/stats'));
    const stats = await api.waitFor('sendMessage', (p) => p.chat_id === ADMIN, 20_000, since);
    expect(textOf(stats)).toMatch(/articles: 3/);
    expect(textOf(stats)).toMatch(/questions answered since start: \d+/);
    expect(textOf(stats)).toMatch(/uptime/);
  });

  it('stops cleanly on SIGTERM and never logs the token', async () => {
    const started = Date.now();
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    while (groupAlive() && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(groupAlive()).toBe(false);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(output).toMatch(/stopping the bot/);
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(TOKEN.split(':')[1]);
    expect(output).toMatch(/bot started/);
  });
});
