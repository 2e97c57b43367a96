// The served index changed while it is served: an uploaded article is added without reading the
// other articles again, and a pathological upload is refused, naming it, without freezing the bot.
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/library/build.js';
import { createLiveIndex, type LiveIndex } from '../../src/library/live-index.js';
import { tokenize } from '../../src/text/words.js';
import { createHnswStore } from '../../src/vector-store/hnsw-store.js';
import type { LoadedIndex } from '../../src/vector-store/store.js';
import { fakeEmbedder, fixturesDir, makeTempDir, seedsDir } from '../helpers.js';
import { BUDGET_MS, nestedDivs, oneCharacterLines, TICK_MS, ticksDuring } from '../ingestion/pathological-files.js';

const SEED = '000_25e8e057ea2890f6.txt';

describe('the live index', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let docsDir: string;
  let embedder: ReturnType<typeof fakeEmbedder>;
  let first: LoadedIndex;
  let live: LiveIndex;
  /** Chunk texts cut into words for keyword indexes since the first build. */
  let tokenized: number;

  beforeEach(async () => {
    temp = await makeTempDir();
    docsDir = path.join(temp.dir, 'docs');
    await cp(seedsDir, docsDir, { recursive: true });
    embedder = fakeEmbedder();
    const store = createHnswStore({
      indexDir: path.join(temp.dir, 'index'),
      embedder,
      onTokenized: (texts) => (tokenized += texts),
    });
    first = (await buildIndex({ docsDir, store, embedder })).index;
    tokenized = 0;
    live = createLiveIndex(first, { docsDir, store, embedder, parseTimeoutMs: BUDGET_MS });
  });
  afterEach(() => temp.remove());

  it('adds an uploaded article by embedding only its chunks, without reading the other articles', async () => {
    // A re-read of the folder would now skip this article as binary; the upload must keep it.
    await writeFile(path.join(docsDir, SEED), new Uint8Array([0, 1, 2, 3]));
    const embeddedBefore = embedder.fake.embeddedTexts;
    const bytes = await readFile(path.join(fixturesDir, 'articles', 'plain-header.txt'));

    const added = await live.addArticleFile('plain-header.txt', bytes);

    const index = live.current();
    expect(index.manifest.buildId).toBe(added.build.index.manifest.buildId);
    expect(index.manifest.articles.map((a) => a.file).sort()).toEqual([
      '000_25e8e057ea2890f6.txt',
      '001_be753a4b79a1e782.txt',
      'uploads/plain-header.txt',
    ]);
    const newChunks = index.chunks.filter((c) => c.metadata.file === 'uploads/plain-header.txt');
    expect(newChunks.length).toBeGreaterThan(0);
    expect(index.chunks.length).toBe(first.chunks.length + newChunks.length);
    expect(embedder.fake.embeddedTexts - embeddedBefore).toBe(newChunks.length);
    expect(tokenized).toBe(newChunks.length);
    expect(added.build.counts).toMatchObject({ articles: 3, embedded: newChunks.length, reused: first.chunks.length });
    // The old articles keep their chunks, vectors and keyword entries; the new one is found by its words.
    expect(index.chunks.slice(0, first.chunks.length).map((c) => c.hash)).toEqual(first.chunks.map((c) => c.hash));
    const [best] = await index.nearest(embedder.fake.vector(newChunks[0]!.text), 1);
    expect(index.chunks[best!.label]?.metadata.file).toBe('uploads/plain-header.txt');
    expect(index.keywords.size).toBe(index.chunks.length);
    for (const chunk of first.chunks) {
      const [own] = await index.nearest([...first.vectorOf(chunk.label)], 1);
      expect(own?.label).toBe(chunk.label);
    }
    const newTerms = tokenize(newChunks[0]!.text);
    expect(index.keywords.search(newTerms, 1)[0]?.doc).toBe(newChunks[0]!.label);
    const oldTerms = tokenize(first.chunks[0]!.text);
    expect(index.keywords.search(oldTerms, 1)[0]?.doc).toBe(first.keywords.search(oldTerms, 1)[0]?.doc);
  });

  it('refuses an upload too slow to read, naming it, while the event loop keeps ticking', async () => {
    const { result, ticks } = await ticksDuring(() =>
      live.addArticleFile('nested.html', Buffer.from(nestedDivs())).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(String(result)).toContain(`"nested.html": reading it took longer than ${BUDGET_MS / 1000} s`);
    expect(ticks).toBeGreaterThan(BUDGET_MS / TICK_MS / 4);
    expect(live.current().manifest.buildId).toBe(first.manifest.buildId);
    expect(await readdir(docsDir)).not.toContain('uploads');
  });

  it('refuses an upload that is not prose, naming it', async () => {
    await expect(live.addArticleFile('list.txt', Buffer.from(oneCharacterLines()))).rejects.toThrow(
      /"list\.txt": not prose: 200000 of its 200000 lines have at most 2 characters/,
    );
  });
});
