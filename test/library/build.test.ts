import { chmod, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { buildIndex, ensureIndex } from '../../src/library/build.js';
import { renderMessage, userMessage } from '../../src/messages.js';
import type { Embedder } from '../../src/vector-store/embeddings.js';
import { createHnswStore, NODE_FILES, type StoreFiles } from '../../src/vector-store/hnsw-store.js';
import type { LoadedIndex } from '../../src/vector-store/store.js';
import type { Logger } from '../../src/log.js';
import { fakeEmbedder, FakeEmbeddings, fixturesDir, makeTempDir, seedsDir } from '../helpers.js';

/** Node's error for a failed write, as the file system gives it. */
function errnoError(code: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated failure, open '${file}'`), { code, path: file });
}

/**
 * File writes that fail with `code` on the file `failsOn` matches, after writing part of it (a full
 * disk takes some bytes first); every other write goes through.
 */
function failingFiles(code: string, failsOn: RegExp): StoreFiles {
  return {
    writeText: async (file, pieces) => {
      if (!failsOn.test(file)) return NODE_FILES.writeText(file, pieces);
      await writeFile(file, 'partial');
      throw errnoError(code, file);
    },
    rename: (from, to) => (failsOn.test(from) ? Promise.reject(errnoError(code, to)) : NODE_FILES.rename(from, to)),
    removeFolder: (folder) =>
      failsOn.test(folder) ? Promise.reject(errnoError(code, folder)) : NODE_FILES.removeFolder(folder),
  };
}

/** How the command-line tools print a failure (src/cli/runtime.ts): one line, with a hint. */
function failureLine(error: AppError): string {
  return renderMessage('failure', error.message, renderMessage('failureHints', error.code as 'disk_full'));
}

async function topLabels(index: LoadedIndex, query: string, embeddings: FakeEmbeddings): Promise<string[]> {
  const results = await index.nearest(embeddings.vector(query), 5);
  return results.map(({ label }) => String(index.chunks[label]?.metadata.chunkId));
}

describe('the saved index', () => {
  let temp: { dir: string; remove: () => Promise<void> };
  let docsDir: string;
  let indexDir: string;

  beforeEach(async () => {
    temp = await makeTempDir();
    docsDir = path.join(temp.dir, 'docs');
    indexDir = path.join(temp.dir, 'index');
    await cp(seedsDir, docsDir, { recursive: true });
  });
  afterEach(() => temp.remove());

  /** The build options for `docs` and the embedded store in `indexDir`. */
  const using = (embedder: Embedder, docs = docsDir, log?: Logger) => ({
    docsDir: docs,
    store: createHnswStore({ indexDir, embedder, log }),
    embedder,
    log,
  });
  const openIndex = (options: { indexDir: string; embedder: Embedder }) => createHnswStore(options).open();

  it('saves a versioned build with a manifest and loads it back with the same results', async () => {
    const embedder = fakeEmbedder();
    const { index, counts } = await buildIndex(using(embedder));
    expect(counts).toMatchObject({ articles: 2, embedded: index.chunks.length, reused: 0, skipped: 0 });

    const manifest = index.manifest;
    expect(manifest.embedder).toEqual({ key: 'fake:bigrams', dimensions: 64 });
    expect(manifest.articles.map((a) => a.file).sort()).toEqual([
      '000_25e8e057ea2890f6.txt',
      '001_be753a4b79a1e782.txt',
    ]);
    expect(manifest.articles.every((a) => /^[0-9a-f]{64}$/.test(a.contentHash))).toBe(true);
    expect(Date.parse(manifest.builtAt)).not.toBeNaN();
    const onDisk = JSON.parse(
      await readFile(path.join(indexDir, 'builds', manifest.buildId, 'manifest.json'), 'utf8'),
    ) as unknown;
    expect(onDisk).toEqual(manifest);

    const reopened = await openIndex({ indexDir, embedder });
    expect(reopened?.manifest.buildId).toBe(manifest.buildId);
    expect(reopened?.chunks.map((c) => c.text)).toEqual(index.chunks.map((c) => c.text));
    for (const query of ['佳木斯一季度签约项目', '齐齐哈尔云上签约', '龙江县肉牛养殖']) {
      expect(await topLabels(reopened!, query, embedder.fake)).toEqual(await topLabels(index, query, embedder.fake));
      expect(reopened!.keywords.search(['签约', '项目'], 5)).toEqual(index.keywords.search(['签约', '项目'], 5));
    }
  });

  it('embeds nothing when rebuilding unchanged articles, and only what changed otherwise', async () => {
    const embedder = fakeEmbedder();
    const first = await buildIndex(using(embedder));
    const again = await buildIndex(using(embedder));
    expect(again.counts).toMatchObject({ embedded: 0, reused: first.counts.chunks });
    expect(again.index.manifest.buildId).not.toBe(first.index.manifest.buildId);

    await cp(path.join(fixturesDir, 'articles', 'plain-header.txt'), path.join(docsDir, 'new-article.txt'));
    const third = await buildIndex(using(embedder));
    expect(third.counts.articles).toBe(3);
    expect(third.counts.embedded).toBe(third.counts.chunks - first.counts.chunks);
    // Old builds are removed once the new one is served.
    expect(await readdir(path.join(indexDir, 'builds'))).toEqual([third.index.manifest.buildId]);
  });

  it('keeps serving the old index when a build dies half-way', async () => {
    const good = await buildIndex(using(fakeEmbedder()));
    await cp(path.join(fixturesDir, 'articles', 'plain-header.txt'), path.join(docsDir, 'new-article.txt'));
    await writeFile(
      path.join(docsDir, 'another.txt'),
      '另一篇文章\n\n2024-01-02 10:00:00|来源:测试网\n\n这是一篇新的文章，讲的是签约了很多项目，总投资100亿元。'.repeat(
        3,
      ),
    );
    const failing = new FakeEmbeddings();
    failing.failAfterCalls = 0;
    await expect(buildIndex(using(fakeEmbedder('fake:bigrams', failing)))).rejects.toThrow(/embedding chunks/);

    const served = await openIndex({ indexDir, embedder: fakeEmbedder() });
    expect(served?.manifest.buildId).toBe(good.index.manifest.buildId);
    expect(served?.manifest.counts.articles).toBe(2);
    // The lock is released: the next build goes through and cleans up.
    const next = await buildIndex(using(fakeEmbedder()));
    expect(next.counts.articles).toBe(4);
  });

  it('ignores a half-written build folder left by a killed process', async () => {
    const embedder = fakeEmbedder();
    const good = await buildIndex(using(embedder));
    const leftover = path.join(indexDir, 'builds', '.tmp-20990101T000000-dead00');
    await mkdir(leftover, { recursive: true });
    await writeFile(path.join(leftover, 'hnswlib.index'), 'partial');
    await writeFile(path.join(indexDir, 'build.lock'), '999999');
    expect((await openIndex({ indexDir, embedder }))?.manifest.buildId).toBe(good.index.manifest.buildId);
    const next = await buildIndex(using(embedder));
    expect(await readdir(path.join(indexDir, 'builds'))).toEqual([next.index.manifest.buildId]);
  });

  describe('on a full, read-only or forbidden disk', () => {
    /** Builds once, then again with `files`; returns the good build and the second build's error. */
    async function failSecondBuild(files: Partial<StoreFiles> | undefined, prepare?: () => Promise<void>) {
      const embedder = fakeEmbedder();
      const good = await buildIndex(using(embedder));
      await prepare?.();
      await cp(path.join(fixturesDir, 'articles', 'plain-header.txt'), path.join(docsDir, 'new-article.txt'));
      const store = createHnswStore({ indexDir, embedder, files });
      const error = await buildIndex({ docsDir, store, embedder }).then(
        () => undefined,
        (e: unknown) => e,
      );
      return { embedder, good, error };
    }

    /** The old build is still served and searchable; nothing of the failed one is left, nor the lock. */
    async function expectCleanFailure(good: LoadedIndex, embedder: ReturnType<typeof fakeEmbedder>) {
      expect(await readdir(path.join(indexDir, 'builds'))).toEqual([good.manifest.buildId]);
      expect((await readdir(indexDir)).sort()).toEqual(['CURRENT', 'builds']);
      const served = await openIndex({ indexDir, embedder });
      expect(served?.manifest.buildId).toBe(good.manifest.buildId);
      expect(await topLabels(served!, '佳木斯一季度签约项目', embedder.fake)).toEqual(
        await topLabels(good, '佳木斯一季度签约项目', embedder.fake),
      );
    }

    it('says in one line that the disk is full, with a hint, and removes the half-written build', async () => {
      const { embedder, good, error } = await failSecondBuild(failingFiles('ENOSPC', /docstore\.json$/));
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect(appError.code).toBe('disk_full');
      expect(appError.message).toMatch(
        /^writing a new index build in .*builds failed: no space left on the device \(ENOSPC\)$/,
      );
      expect((appError.cause as NodeJS.ErrnoException).code).toBe('ENOSPC');
      expect(userMessage('disk_full')).toBe(
        'The disk holding the index or the articles is full; free some space and try again. ' +
          '磁盘空间不足（索引或文章目录），请清理空间后重试。',
      );
      expect(failureLine(appError)).not.toContain('\n');
      expect(failureLine(appError)).toMatch(/free some space on that disk/i);
      await expectCleanFailure(good.index, embedder);
    });

    it('removes the new build when the pointer to it cannot be written', async () => {
      const { embedder, good, error } = await failSecondBuild(failingFiles('EROFS', /CURRENT\.\d+\.tmp$/));
      expect((error as AppError).code).toBe('read_only');
      expect((error as AppError).message).toMatch(/^pointing the index at the new build in .* failed: .*\(EROFS\)$/);
      await expectCleanFailure(good.index, embedder);
    });

    it('serves the new build when an old one cannot be removed, and removes it with the next build', async () => {
      const embedder = fakeEmbedder();
      const old = await buildIndex(using(embedder));
      const warnings: string[] = [];
      const log = { warn: (_o: unknown, m: string) => warnings.push(m), info: () => undefined } as unknown as Logger;
      const files = failingFiles('EACCES', new RegExp(`${old.index.manifest.buildId}$`));
      const store = createHnswStore({ indexDir, embedder, files, log });
      const next = await buildIndex({ docsDir, store, embedder });
      expect(await store.servedBuildId()).toBe(next.index.manifest.buildId);
      expect(warnings).toEqual([expect.stringMatching(/^old index builds in .* could not be removed$/)]);
      expect((await readdir(path.join(indexDir, 'builds'))).sort()).toEqual(
        [old.index.manifest.buildId, next.index.manifest.buildId].sort(),
      );
      expect(await readdir(indexDir)).not.toContain('build.lock');
      const third = await buildIndex(using(embedder));
      expect(await readdir(path.join(indexDir, 'builds'))).toEqual([third.index.manifest.buildId]);
    });

    it('refuses to build in a folder it may not write, leaving the served index alone', async () => {
      // chmod does not stop root from writing, so as root the refusal is simulated at the first write.
      const asRoot = process.getuid?.() === 0;
      const builds = path.join(indexDir, 'builds');
      const { embedder, good, error } = await failSecondBuild(
        asRoot ? failingFiles('EACCES', /\.tmp-/) : undefined,
        asRoot ? undefined : () => chmod(builds, 0o555),
      ).finally(() => chmod(builds, 0o755).catch(() => undefined));
      expect((error as AppError).code).toBe('permission_denied');
      expect((error as AppError).message).toMatch(/failed: permission denied \(EACCES\)$/);
      await expectCleanFailure(good.index, embedder);
    });
  });

  it('rebuilds, saying why, an index made with another embedder', async () => {
    await buildIndex(using(fakeEmbedder('fake:other-model')));
    const messages: string[] = [];
    const log = { info: (_o: unknown, m: string) => messages.push(m), warn: () => undefined, debug: () => undefined };
    const embedder = fakeEmbedder('fake:bigrams');
    const { index, built } = await ensureIndex(using(embedder, docsDir, log as never));
    expect(built).toBeDefined();
    expect(built?.counts.reused).toBe(0);
    expect(index.manifest.embedder.key).toBe('fake:bigrams');
    expect(messages.join('\n')).toMatch(/built with fake:other-model but the embedder is now fake:bigrams; rebuilding/);
  });

  it('refuses a folder with no readable articles without touching the served index', async () => {
    const embedder = fakeEmbedder();
    const good = await buildIndex(using(embedder));
    const empty = path.join(temp.dir, 'empty');
    await mkdir(empty);
    await expect(buildIndex(using(embedder, empty))).rejects.toThrow(/no readable articles/);
    expect((await openIndex({ indexDir, embedder }))?.manifest.buildId).toBe(good.index.manifest.buildId);
  });
});
