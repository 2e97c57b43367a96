// Admin commands arriving together, as one batch of updates handled side by side: what the bot says
// must be what happens to the index. Real handlers, a real index (fake embedder) in a temp folder.
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/answer/answer-question.js';
import { buildIndex } from '../../src/library/build.js';
import { createLiveIndex, type LiveIndex } from '../../src/library/live-index.js';
import { silentLogger } from '../../src/log.js';
import { createBot } from '../../src/telegram/bot.js';
import { createHnswStore } from '../../src/vector-store/hnsw-store.js';
import { BOT_USER, FakeTelegramApi, privateText } from '../fakes/telegram-api.js';
import { FakeEmbeddings, fakeEmbedder, fixturesDir, makeTempDir, seedsDir } from '../helpers.js';

const TOKEN = '333:admin-test-token-abcdefghijklmnopq';
const ADMIN = 1;
const OTHER_ADMIN = 2;

/** Embeddings that wait while a gate is closed, to hold a re-index open for as long as a test needs. */
class GatedEmbeddings extends FakeEmbeddings {
  gate: Promise<void> | undefined;
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    await this.gate;
    return super.embedDocuments(texts);
  }
}

describe('admin commands in one batch', () => {
  const api = new FakeTelegramApi();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let liveIndex: LiveIndex;
  let docsDir: string;
  const embeddings = new GatedEmbeddings();
  let handle: (update: Record<string, unknown>) => Promise<void>;

  const texts = (since: number, chatId?: number) =>
    api.calls
      .slice(since)
      .filter((c) => c.method === 'sendMessage' && (chatId === undefined || c.payload.chat_id === chatId))
      .map((c) => String(c.payload.text));

  beforeAll(async () => {
    temp = await makeTempDir();
    docsDir = path.join(temp.dir, 'docs');
    await cp(seedsDir, docsDir, { recursive: true });
    const embedder = fakeEmbedder('fake:gated', embeddings);
    const store = createHnswStore({ indexDir: path.join(temp.dir, 'index'), embedder });
    const { index } = await buildIndex({ docsDir, store, embedder });
    liveIndex = createLiveIndex(index, { docsDir, store, embedder });
    const apiRoot = await api.start(TOKEN);
    const { bot } = createBot({
      token: TOKEN,
      apiRoot,
      answerer: {} as Answerer,
      liveIndex,
      adminUserIds: [ADMIN, OTHER_ADMIN],
      log: silentLogger,
      botInfo: BOT_USER as never,
    });
    let id = 1;
    handle = (update) => bot.handleUpdate({ update_id: id++, ...update } as never);
  });
  afterAll(async () => {
    await api.stop();
    await temp.remove();
  });

  it('runs one re-index for two /reindex and tells the second one it is already running', async () => {
    const since = api.calls.length;
    await Promise.all([handle(privateText(ADMIN, '/reindex')), handle(privateText(OTHER_ADMIN, '/reindex'))]);
    await api.waitFor('sendMessage', (p) => /Re-index complete/.test(String(p.text)), 20_000, since);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const all = texts(since);
    expect(all.filter((t) => /Re-indexing…/.test(t))).toHaveLength(1);
    expect(all.filter((t) => /already running/.test(t))).toHaveLength(1);
    expect(all.filter((t) => /Re-index complete/.test(t))).toHaveLength(1);
    expect(all.join('\n')).not.toMatch(/something went wrong/);
  });

  it('refuses a file Telegram says is too big before downloading it, and stops a download at the limit', async () => {
    const big = new Uint8Array(24 * 1024 * 1024).fill(0x61);
    api.addFile('big1', 'documents/big1.txt', big);
    api.addFile('big2', 'documents/big2.txt', big, 1000);
    const since = api.calls.length;
    for (const id of ['big1', 'big2']) {
      // The message does not say how big the file is; Telegram's file record does (big2's lies).
      await handle(
        privateText(ADMIN, '', {
          text: undefined,
          document: { file_id: id, file_unique_id: id, file_name: `${id}.txt` },
        }),
      );
    }
    const said = texts(since, ADMIN);
    expect(said).toHaveLength(2);
    for (const text of said) expect(text).toMatch(/under 2 MB/);
    expect(api.servedBytes.get('documents/big1.txt')).toBeUndefined();
    expect(api.servedBytes.get('documents/big2.txt')).toBeLessThan(big.length / 2);
    expect(liveIndex.current().manifest.articles.some((a) => /big/.test(a.file))).toBe(false);
  });

  it('adds articles sent during a re-index once it is done, saying so, and never claims a refusal', async () => {
    const files = [
      { id: 'f1', name: 'hexo-post.md', bytes: await readFile(path.join(fixturesDir, 'articles', 'hexo-post.md')) },
      { id: 'f2', name: 'news-page.html', bytes: await readFile(path.join(fixturesDir, 'articles', 'news-page.html')) },
    ];
    for (const file of files) api.addFile(file.id, `documents/${file.name}`, file.bytes);
    const before = liveIndex.current().manifest.counts.articles;
    const since = api.calls.length;
    // A re-index with something new to embed, held open until both files have arrived.
    await writeFile(
      path.join(docsDir, 'new.txt'),
      await readFile(path.join(fixturesDir, 'articles', 'plain-header.txt')),
    );
    let open = (): void => undefined;
    embeddings.gate = new Promise((resolve) => (open = resolve));
    await handle(privateText(ADMIN, '/reindex'));
    expect(liveIndex.isRebuilding()).toBe(true);
    const send = (file: (typeof files)[number]) =>
      handle(
        privateText(ADMIN, '', {
          text: undefined,
          document: { file_id: file.id, file_unique_id: file.id, file_name: file.name, file_size: file.bytes.length },
        }),
      );
    const sending = Promise.all(files.map(send));
    const queuedNote = (p: Record<string, unknown>) => /will be added as soon as/.test(String(p.text));
    await api.waitFor('sendMessage', queuedNote, 20_000, since);
    const first = api.calls.findIndex((c, i) => i >= since && c.method === 'sendMessage' && queuedNote(c.payload));
    await api.waitFor('sendMessage', queuedNote, 20_000, first + 1);
    embeddings.gate = undefined;
    open();
    await sending;
    const said = texts(since, ADMIN);
    expect(said.filter((t) => /Article added/.test(t))).toHaveLength(2);
    const queued = said.filter((t) => /will be added as soon as/.test(t));
    expect(queued).toHaveLength(2);
    expect(said.lastIndexOf(queued[1]!)).toBeLessThan(said.findIndex((t) => /Article added/.test(t)));
    expect(said.join('\n')).not.toMatch(/already running|something went wrong/);
    // The two files, and the article the re-index found.
    expect(liveIndex.current().manifest.counts.articles).toBe(before + 3);
  });
});
