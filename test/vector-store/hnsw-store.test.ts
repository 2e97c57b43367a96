import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/ingestion/chunk.js';
import { loadArticles } from '../../src/ingestion/load.js';
import type { Chunk } from '../../src/ingestion/types.js';
import { createHnswStore } from '../../src/vector-store/hnsw-store.js';
import type { BuildContents } from '../../src/vector-store/store.js';
import { fakeEmbedder, makeTempDir, seedsDir } from '../helpers.js';

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
