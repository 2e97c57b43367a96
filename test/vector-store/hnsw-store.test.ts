import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/ingestion/chunk.js';
import { loadArticles } from '../../src/ingestion/load.js';
import type { Chunk } from '../../src/ingestion/types.js';
import { tokenize } from '../../src/text/words.js';
import { createHnswStore, NODE_FILES } from '../../src/vector-store/hnsw-store.js';
import type { BuildContents } from '../../src/vector-store/store.js';
import { fakeEmbedder, makeTempDir, seedsDir } from '../helpers.js';
import { TICK_MS, ticksDuring } from '../ingestion/pathological-files.js';

/** A build's contents made straight from the seeds, as the library would hand them to a store. */
async function seedContents(embedder = fakeEmbedder()): Promise<BuildContents> {
  const { articles } = await loadArticles(seedsDir);
  const chunks: Chunk[] = articles.flatMap((article) => chunkArticle(article));
  const vectors = new Map(chunks.map((c) => [c.hash, Float32Array.from(embedder.fake.vector(c.embedText))]));
  return {
    embedderKey: embedder.key,
    chunks,
    vectors,
    articles: articles.map((a) => ({ ...a, chunks: chunks.filter((c) => c.metadata.articleId === a.id).length })),
    vocabulary: [],
    skipped: [],
    counts: { articles: articles.length, chunks: chunks.length, embedded: chunks.length, reused: 0, skipped: 0 },
    startedMs: performance.now(),
  };
}

describe('the embedded HNSW store', () => {
  let temp: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.remove());

  it('serves nothing until a written build is swapped in, then serves it and only it', async () => {
    const embedder = fakeEmbedder();
    const store = createHnswStore({ indexDir: temp.dir, embedder });
    const written = await store.write(await seedContents(embedder));
    expect(await store.open()).toBeUndefined();
    expect(await store.servedBuildId()).toBeUndefined();

    const served = await store.swap(written);
    expect(await store.servedBuildId()).toBe(written.buildId);
    const reopened = await store.open();
    expect(reopened?.manifest.buildId).toBe(written.buildId);
    expect(reopened?.chunks.map((c) => c.hash)).toEqual(served.chunks.map((c) => c.hash));

    const next = await store.swap(await store.write(await seedContents(embedder)));
    expect(await readdir(path.join(temp.dir, 'builds'))).toEqual([next.manifest.buildId]);
  });

  it('finds a chunk by its own vector first and returns stored vectors for reuse', async () => {
    const embedder = fakeEmbedder();
    const store = createHnswStore({ indexDir: temp.dir, embedder });
    const contents = await seedContents(embedder);
    const target = contents.chunks[3]!;
    const vector = [...contents.vectors.get(target.hash)!];
    const index = await store.swap(await store.write(contents));
    const [best] = await index.nearest(vector, 3);
    expect(index.chunks[best!.label]?.hash).toBe(target.hash);
    expect(best!.similarity).toBeCloseTo(1, 5);
    expect([...index.vectorOf(best!.label)].map((v) => v.toFixed(5))).toEqual(vector.map((v) => v.toFixed(5)));
  });

  it('adds chunks to a copy of the served build without redoing its graph or keyword index', async () => {
    const embedder = fakeEmbedder();
    let tokenized = 0;
    const store = createHnswStore({ indexDir: temp.dir, embedder, onTokenized: (texts) => (tokenized += texts) });
    const all = await seedContents(embedder);
    const allVectors = new Map(all.vectors);
    const lastArticle = all.chunks.at(-1)!.metadata.articleId;
    const kept = all.chunks.filter((c) => c.metadata.articleId !== lastArticle);
    const added = all.chunks.filter((c) => c.metadata.articleId === lastArticle);
    /** `chunks` to write, in a build of `total` chunks. */
    const keep = (chunks: readonly Chunk[], total = chunks.length): BuildContents => ({
      ...all,
      counts: { ...all.counts, chunks: total },
      chunks,
      vectors: new Map(chunks.map((c) => [c.hash, allVectors.get(c.hash)!])),
    });
    const served = await store.swap(await store.write(keep(kept)));
    tokenized = 0;

    const extended = await store.swap(await store.writeAddition(served, keep(added, all.chunks.length)));

    expect(tokenized).toBe(added.length);
    expect(extended.chunks.map((c) => [c.label, c.hash])).toEqual(all.chunks.map((c, label) => [label, c.hash]));
    expect(extended.chunks.slice(0, kept.length)).toEqual(served.chunks);
    expect(await readdir(path.join(temp.dir, 'builds'))).toEqual([extended.manifest.buildId]);
    // Every chunk, old and new, is found first by its own vector, and the old keep their vectors.
    for (const chunk of extended.chunks) {
      const vector = [...allVectors.get(chunk.hash)!];
      const [best] = await extended.nearest(vector, 1);
      expect(best?.label).toBe(chunk.label);
      if (chunk.label < kept.length)
        expect([...extended.vectorOf(chunk.label)]).toEqual([...served.vectorOf(chunk.label)]);
    }
    // The old chunks' neighbours are the same, the new ones taking their place among them where nearer.
    for (const chunk of served.chunks) {
      const vector = [...allVectors.get(chunk.hash)!];
      const before = (await served.nearest(vector, 3)).map((hit) => hit.label);
      const after = (await extended.nearest(vector, 3)).map((hit) => hit.label).filter((l) => l < kept.length);
      expect(before.slice(0, after.length)).toEqual(after);
    }
    // The keyword index is the one a full build of all the chunks gives, read back from disk too.
    const full = createHnswStore({ indexDir: path.join(temp.dir, 'full'), embedder });
    const whole = await full.swap(await full.write(keep(all.chunks)));
    const reopened = (await store.open())!;
    expect(reopened.chunks.map((c) => c.hash)).toEqual(whole.chunks.map((c) => c.hash));
    for (const chunk of [kept[0]!, added[0]!, added.at(-1)!]) {
      const terms = tokenize(chunk.embedText);
      expect(extended.keywords.search(terms, 5)).toEqual(whole.keywords.search(terms, 5));
      expect(reopened.keywords.search(terms, 5)).toEqual(whole.keywords.search(terms, 5));
    }
    expect(extended.keywords.search(tokenize(added[0]!.embedText), 1)[0]?.doc).toBe(kept.length);
    // The served build was left as it was: questions may still be reading it.
    expect(served.keywords.size).toBe(kept.length);
    expect((await served.nearest([...allVectors.get(added[0]!.hash)!], 99)).length).toBe(kept.length);
  });

  it('builds a large index in a worker thread while the event loop keeps ticking', async () => {
    const embedder = fakeEmbedder();
    const seeds = await seedContents(embedder);
    const count = 3000;
    // Chunks of real text, each a little different, with vectors of their own.
    const chunks: Chunk[] = Array.from({ length: count }, (_, i) => {
      const base = seeds.chunks[i % seeds.chunks.length]!;
      const text = `${base.text}（第${i}稿）`;
      return { ...base, text, embedText: text, hash: `hash-${i}`, metadata: { ...base.metadata, chunkId: `c-${i}` } };
    });
    const vectors = new Map(chunks.map((c) => [c.hash, Float32Array.from(embedder.fake.vector(c.text))]));
    const contents = { ...seeds, chunks, vectors, counts: { ...seeds.counts, chunks: count } };
    const store = createHnswStore({ indexDir: temp.dir, embedder });
    const started = performance.now();
    const { result: written, ticks } = await ticksDuring(() => store.write(contents));
    const elapsedMs = performance.now() - started;
    // A build on the main thread lets through a tick or two; one in a worker, most of them.
    expect(ticks).toBeGreaterThan(elapsedMs / TICK_MS / 4);
    const index = await store.swap(written);
    expect(index.chunks).toHaveLength(count);
    const [best] = await index.nearest(embedder.fake.vector(chunks[1234]!.text), 1);
    expect(best?.label).toBe(1234);
    expect(index.keywords.search(tokenize('（第1234稿）'), 1)[0]?.doc).toBe(1234);
  });

  it('leaves no half-written folder behind when a build cannot be written', async () => {
    const embedder = fakeEmbedder();
    const store = createHnswStore({ indexDir: temp.dir, embedder });
    const good = await store.swap(await store.write(await seedContents(embedder)));
    const broken = await seedContents(embedder);
    broken.vectors.set(broken.chunks[1]!.hash, new Float32Array(3));
    await expect(store.write(broken)).rejects.toThrow(/vectors of different sizes/);
    expect(await readdir(path.join(temp.dir, 'builds'))).toEqual([good.manifest.buildId]);
    expect((await store.open())?.manifest.buildId).toBe(good.manifest.buildId);
  });

  it('leaves no half-written folder behind when an addition cannot be written', async () => {
    const embedder = fakeEmbedder();
    const contents = await seedContents(embedder);
    const kept = contents.chunks.slice(0, -1);
    const first = createHnswStore({ indexDir: temp.dir, embedder });
    const served = await first.swap(
      await first.write({ ...contents, chunks: kept, counts: { ...contents.counts, chunks: kept.length } }),
    );
    const full = Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' });
    const store = createHnswStore({
      indexDir: temp.dir,
      embedder,
      files: {
        writeText: (file, pieces) =>
          file.endsWith('keywords.json') ? Promise.reject(full) : NODE_FILES.writeText(file, pieces),
      },
    });
    const addition = {
      ...contents,
      chunks: contents.chunks.slice(-1),
      vectors: await seedContents(embedder).then((c) => c.vectors),
    };
    await expect(store.writeAddition(served, addition)).rejects.toMatchObject({ code: 'disk_full' });
    expect(await readdir(path.join(temp.dir, 'builds'))).toEqual([served.manifest.buildId]);
  });

  it('refuses a second writer while another live process holds the lock', async () => {
    const store = createHnswStore({ indexDir: temp.dir, embedder: fakeEmbedder() });
    await writeFile(path.join(temp.dir, 'build.lock'), String(process.ppid));
    await expect(store.lock()).rejects.toThrow(/another build \(process \d+\) is running/);
  });

  it('does not serve a build made with another embedder', async () => {
    const other = fakeEmbedder('fake:other');
    const store = createHnswStore({ indexDir: temp.dir, embedder: other });
    await store.swap(await store.write(await seedContents(other)));
    expect(await createHnswStore({ indexDir: temp.dir, embedder: fakeEmbedder() }).open()).toBeUndefined();
  });
});
