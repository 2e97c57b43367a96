// The real corpus (../shared/corpus, not ours to redistribute): every article ingests cleanly, and the
// offline answer path meets the quality targets on both dev question sets over seeds + corpus, and
// on our own paraphrases and further questions (test/fixtures/dev-qa.jsonl).
import { cp, mkdir, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answer-question.js';
import { breakdown, evaluate, readQaFile, summarise, type ItemResult } from '../../src/evaluation/quality.js';
import { loadArticles } from '../../src/ingestion/load.js';
import { buildIndex } from '../../src/vector-store/index-store.js';
import { corpusDir, evalDir, fixturesDir, localEmbedder, makeTempDir, MODEL_MISSING, modelsDir, seedsDir } from '../helpers.js';

const CORPUS_MISSING = 'skipped: the evaluation corpus is not here (set CORPUS_DIR to ../shared/corpus)';

describe.skipIf(!corpusDir)(`ingesting the real corpus (${corpusDir ? 'present' : CORPUS_MISSING})`, () => {
  it('gives every article a title, a date and a body free of markup and page code', async () => {
    const { articles, skipped } = await loadArticles(corpusDir!);
    expect(skipped).toEqual([]);
    const files = new Set(articles.map((a) => a.file));
    expect(files.size).toBe((await readdir(corpusDir!)).filter((f) => !f.startsWith('.')).length);
    for (const article of articles) {
      expect(article.title.length, article.file).toBeGreaterThan(3);
      expect(article.title, article.file).not.toBe(path.basename(article.file, path.extname(article.file)));
      expect(article.date, article.file).toMatch(/^(19|20)\d{2}-\d{2}-\d{2}$/);
      expect(article.text.length, article.file).toBeGreaterThan(20);
      expect(article.text, article.file).not.toMatch(/<\/?[a-z][^>]*>|<%|%>|\{\$|&nbsp;|&amp;|javascript:|function\s*\(|document\.|^---$|^title:/im);
    }
  });

  it('splits a multi-story transcript into stories, each with its own heading and the programme date', async () => {
    const { articles } = await loadArticles(corpusDir!);
    const stories = articles.filter((a) => a.file === 'xin-wen-lian-bo__20230318.md');
    expect(stories.length).toBeGreaterThan(10);
    const signing = stories.find((s) => s.title === '黑龙江131个项目集中签约 签约额超1500亿');
    expect(signing?.date).toBe('2023-03-18');
    expect(signing?.text).toContain('总签约额1511.56亿元');
    expect(signing?.text).not.toContain('雄安');
    expect(new Set(stories.map((s) => s.id)).size).toBe(stories.length);
  });

  it('reads the GB2312-encoded template pages', async () => {
    const { articles } = await loadArticles(corpusDir!);
    const page = articles.find((a) => a.file === 'eidors-checkResourcesFiles__detail-474.tpl');
    expect(page?.title).toBe('2021湖北武黄同城暨黄石（光谷）产业投资推介会在武汉举行！');
    expect(page?.text).toContain('175.65亿元');
  });
});

describe.skipIf(!corpusDir || !modelsDir)(
  `answer quality over seeds + corpus (${!corpusDir ? CORPUS_MISSING : !modelsDir ? MODEL_MISSING : 'real model'})`,
  () => {
    let results: ItemResult[] = [];
    let ours: ItemResult[] = [];
    let temp: Awaited<ReturnType<typeof makeTempDir>>;

    beforeAll(async () => {
      temp = await makeTempDir();
      const docsDir = path.join(temp.dir, 'docs');
      await mkdir(docsDir);
      await cp(seedsDir, docsDir, { recursive: true });
      for (const file of await readdir(corpusDir!)) await symlink(path.join(path.resolve(corpusDir!), file), path.join(docsDir, file));
      const embedder = await localEmbedder();
      const { index } = await buildIndex({ docsDir, indexDir: path.join(temp.dir, 'index'), embedder });
      const answerer = createAnswerer({ index: () => index, embedder, now: () => new Date('2026-11-22T00:00:00Z') });
      const items = [...(await readQaFile(path.join(evalDir, 'seed-qa.jsonl'))), ...(await readQaFile(path.join(evalDir, 'corpus-qa.jsonl')))];
      results = await evaluate(answerer, items);
      ours = await evaluate(answerer, await readQaFile(path.join(fixturesDir, 'dev-qa.jsonl')));
      for (const { group, metrics } of breakdown(results)) console.log(group, JSON.stringify(metrics));
    }, 600_000);
    afterAll(() => temp.remove());

    it('finds the gold article in the top 5 for ≥ 95% of Chinese and ≥ 90% of English questions', () => {
      expect(summarise(results.filter((r) => r.lang === 'zh')).hitAt5).toBeGreaterThanOrEqual(0.95);
      expect(summarise(results.filter((r) => r.lang === 'en')).hitAt5).toBeGreaterThanOrEqual(0.9);
    });

    it('answers ≥ 80% correctly, declines ≥ 80% of unanswerable questions, over-refuses ≤ 5%, with faithful figures', () => {
      const all = summarise(results);
      expect(all.correctness).toBeGreaterThanOrEqual(0.8);
      expect(all.declined).toBeGreaterThanOrEqual(0.8);
      expect(all.overRefusal).toBeLessThanOrEqual(0.05);
      expect(all.faithfulness).toBe(1);
    });

    it('meets the same targets on our own dev questions (paraphrases, other articles, failures found while probing)', () => {
      const all = summarise(ours);
      expect(summarise(ours.filter((r) => r.lang === 'zh')).hitAt5).toBeGreaterThanOrEqual(0.95);
      expect(summarise(ours.filter((r) => r.lang === 'en')).hitAt5).toBeGreaterThanOrEqual(0.9);
      expect(all.correctness).toBeGreaterThanOrEqual(0.8);
      expect(all.declined).toBeGreaterThanOrEqual(0.8);
      expect(all.overRefusal).toBeLessThanOrEqual(0.05);
      expect(all.faithfulness).toBe(1);
    });
  },
);
