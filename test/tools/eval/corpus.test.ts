// The real corpus (../shared/corpus, not ours to redistribute): every article ingests cleanly, and the
// offline answer path meets the quality targets on both dev question sets over seeds + corpus, and
// on our own paraphrases and further questions (test/fixtures/dev-qa.jsonl).
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../../src/answer/answer-question.js';
import { loadArticles } from '../../../src/ingestion/load.js';
import { buildIndex } from '../../../src/library/build.js';
import { createHnswStore } from '../../../src/vector-store/hnsw-store.js';
import {
  breakdown,
  evaluate,
  readQaFile,
  summarise,
  type ItemResult,
  type QaItem,
} from '../../../tools/eval/quality.js';
import {
  corpusDir,
  evalDir,
  fixturesDir,
  localEmbedder,
  makeTempDir,
  MODEL_MISSING,
  modelsDir,
  seedsDir,
} from '../../helpers.js';

const CORPUS_MISSING = 'skipped: the evaluation corpus is not here (set CORPUS_DIR to ../shared/corpus)';

/** Tags, template and script code, entities, front matter: what a cleaned article body must not hold. */
const LEFTOVER_MARKUP_OR_CODE =
  /<\/?[a-z][^>]*>|<%|%>|\{\$|&nbsp;|&amp;|javascript:|function\s*\(|document\.|^---$|^title:/im;

/** The dev question sets shipped beside the corpus, and our own. */
const SHARED_QA_FILES = [path.join(evalDir, 'seed-qa.jsonl'), path.join(evalDir, 'corpus-qa.jsonl')];
const OWN_QA_FILE = path.join(fixturesDir, 'dev-qa.jsonl');
const qaMissing = [...SHARED_QA_FILES, OWN_QA_FILE].filter((file) => !existsSync(file));
const QA_MISSING = `skipped: question files are not here (${qaMissing.map((f) => path.basename(f)).join(', ')})`;

/** Why the quality tests cannot run here, or undefined when they can. */
function whyQualitySkips(): string | undefined {
  if (!corpusDir) return CORPUS_MISSING;
  if (!modelsDir) return MODEL_MISSING;
  return qaMissing.length > 0 ? QA_MISSING : undefined;
}
const qualitySkip = whyQualitySkips();

describe.skipIf(!corpusDir)(`ingesting the real corpus (${corpusDir ? 'present' : CORPUS_MISSING})`, () => {
  it('gives every article a title, a date and a body free of markup and page code', async () => {
    const { articles, skipped } = await loadArticles(corpusDir!);
    expect(articles.length).toBeGreaterThan(0);
    expect(skipped).toEqual([]);
    const files = new Set(articles.map((a) => a.file));
    expect(files.size).toBe((await readdir(corpusDir!)).filter((f) => !f.startsWith('.')).length);
    for (const article of articles) {
      expect(article.title.length, article.file).toBeGreaterThan(3);
      expect(article.title, article.file).not.toBe(path.basename(article.file, path.extname(article.file)));
      expect(article.date, article.file).toMatch(/^(19|20)\d{2}-\d{2}-\d{2}$/);
      expect(article.text.length, article.file).toBeGreaterThan(20);
      expect(article.text, article.file).not.toMatch(LEFTOVER_MARKUP_OR_CODE);
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

describe.skipIf(qualitySkip !== undefined)(
  `answer quality over seeds + corpus (${qualitySkip ?? 'real model'})`,
  () => {
    let results: ItemResult[] = [];
    let ours: ItemResult[] = [];
    const questionsPerFile = new Map<string, number>();
    const readQuestions = async (files: readonly string[]): Promise<QaItem[]> => {
      const items: QaItem[] = [];
      for (const file of files) {
        const read = await readQaFile(file);
        questionsPerFile.set(path.basename(file), read.length);
        items.push(...read);
      }
      return items;
    };
    let temp: Awaited<ReturnType<typeof makeTempDir>>;

    beforeAll(async () => {
      temp = await makeTempDir();
      const docsDir = path.join(temp.dir, 'docs');
      await mkdir(docsDir);
      await cp(seedsDir, docsDir, { recursive: true });
      for (const file of await readdir(corpusDir!))
        await symlink(path.join(path.resolve(corpusDir!), file), path.join(docsDir, file));
      const embedder = await localEmbedder();
      const store = createHnswStore({ indexDir: path.join(temp.dir, 'index'), embedder });
      const { index } = await buildIndex({ docsDir, store, embedder });
      const answerer = createAnswerer({ index: () => index, embedder, now: () => new Date('2026-11-22T00:00:00Z') });
      results = await evaluate(answerer, await readQuestions(SHARED_QA_FILES));
      ours = await evaluate(answerer, await readQuestions([OWN_QA_FILE]));
      for (const { group, metrics } of breakdown(results)) console.log(group, JSON.stringify(metrics));
    }, 600_000);
    afterAll(() => temp.remove());

    it('reads at least one question from every question file', () => {
      expect([...questionsPerFile.keys()]).toEqual(['seed-qa.jsonl', 'corpus-qa.jsonl', 'dev-qa.jsonl']);
      for (const [file, questions] of questionsPerFile) expect(questions, file).toBeGreaterThan(0);
    });

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
