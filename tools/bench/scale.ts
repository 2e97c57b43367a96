// `npm run bench:scale [-- --chunks 100000 --source DIR [--source DIR…]]`: the index at scale.
// Writes synthetic articles made of real sentences from the source folders (default DOCS_DIR) until
// they hold about `--chunks` chunks, then builds the index through the product's own code with
// vectors from an OpenAI-compatible stand-in on 127.0.0.1 (512-d, like bge-small-zh; embedding
// 100k chunks with the local model takes about 40 minutes here, and `npm run bench` measures the
// model's speed). The local model is loaded too, as the bot has it, so the peak RSS is the bot's.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createAnswerer } from '../../src/answer/answer-question.js';
import { readCommandLine, reportFailure, startRuntime, type Runtime } from '../../src/cli/runtime.js';
import { loadArticles } from '../../src/ingestion/load.js';
import { silentLogger } from '../../src/log.js';
import { createEmbedder, embedQuestion, type Embedder } from '../../src/vector-store/embeddings.js';
import { addArticleToIndex, buildIndex } from '../../src/library/build.js';
import { createHnswStore } from '../../src/vector-store/hnsw-store.js';
import type { LoadedIndex } from '../../src/vector-store/store.js';
import { FakeOpenAiApi } from '../../test/fakes/openai-api.js';
import { percentile, random } from '../stats.js';

const QUESTIONS = [
  '佳木斯一季度招商签约了多少个项目？投资总额多少？',
  'how much did Jiamusi sign in Q1?',
  '齐齐哈尔云上签约的项目投资总额是多少？',
  '龙江县与哪家公司签约了肉牛养殖屠宰项目？',
  '2022年上半年签约了哪些重大项目？',
  'What is the population of Harbin?',
];

const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** Synthetic articles of 6–10 paragraphs of 2–4 real sentences: about five chunks each. */
async function writeArticles(dir: string, sentences: readonly string[], chunks: number): Promise<number> {
  const next = random(7);
  const pick = (): string => sentences[Math.floor(next() * sentences.length)] ?? '';
  const articles = Math.ceil(chunks / 5);
  for (let i = 0; i < articles; i += 1) {
    const year = 2011 + Math.floor(next() * 13);
    const month = 1 + Math.floor(next() * 12);
    const day = 1 + Math.floor(next() * 28);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} 09:00:00`;
    const paragraphs = Array.from({ length: 6 + Math.floor(next() * 5) }, () =>
      Array.from({ length: 2 + Math.floor(next() * 3) }, pick).join(''),
    );
    const title = `${pick().slice(0, 24)}（合成稿 ${i + 1}）`;
    const folder = path.join(dir, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) await mkdir(folder, { recursive: true });
    const text = `${title}\n${date}|来源:合成稿件\n\n${paragraphs.join('\n\n')}\n`;
    await writeFile(path.join(folder, `syn-${i + 1}.txt`), text);
  }
  return articles;
}

/** Real sentences of the articles in the source folders, to write synthetic articles from. */
async function collectSentences(dirs: readonly string[]): Promise<string[]> {
  const sentences: string[] = [];
  for (const dir of dirs) {
    const { articles } = await loadArticles(path.resolve(dir), silentLogger);
    for (const article of articles) sentences.push(...(article.text.match(/[^。！？\n]{8,}[。！？]/g) ?? []));
  }
  if (sentences.length === 0) throw new Error('no sentences in the source folders');
  return sentences;
}

/** Milliseconds per answer over 120 questions, after one warm-up round. */
async function measureAnswers(index: LoadedIndex, embedder: Embedder): Promise<number[]> {
  const answerer = createAnswerer({ index: () => index, embedder });
  for (const question of QUESTIONS) await answerer.answer(question); // warm-up
  const answerMs: number[] = [];
  for (let i = 0; i < 120; i += 1) {
    const t = performance.now();
    await answerer.answer(QUESTIONS[i % QUESTIONS.length] ?? '');
    answerMs.push(performance.now() - t);
  }
  return answerMs;
}

/** Runs `work`, timing it and its longest stall of the event loop (what the bot's users wait on). */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; longestStallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  return { result, seconds, longestStallMs: Math.round(delay.max / 1e6) };
}

/**
 * A build from nothing, a re-index with nothing changed and two uploaded articles added, with
 * stand-in embeddings from `baseUrl`.
 */
async function measureBuilds(docsDir: string, indexDir: string, baseUrl: string, upload: string) {
  const embedder = await createEmbedder({
    provider: 'openai',
    model: 'stand-in-512',
    baseUrl,
    apiKey: 'not-a-key',
    modelsDir: undefined,
  });
  const started = performance.now();
  const store = createHnswStore({ indexDir, embedder });
  // Only the served index is kept from one step to the next, as in the bot.
  let served = (await buildIndex({ docsDir, store, embedder, log: silentLogger })).index;
  const buildSeconds = (performance.now() - started) / 1000;
  const buildPeakRssMb = peakRssMb();
  // As the bot re-indexes: the served index stays in memory and lends its vectors.
  const { result: again, ...reindex } = await timed(() =>
    buildIndex({ docsDir, store, embedder, log: silentLogger, served }),
  );
  served = again.index;
  const reindexPeakRssMb = peakRssMb();
  // As the bot adds uploads: articles read from their own folder, added to the served build one at
  // a time. The first also loads what the process had not needed yet (jieba's tagging dictionary).
  const [article, second] = (await loadArticles(upload, silentLogger)).articles;
  if (!article || !second) throw new Error('the uploaded articles could not be read');
  const { result: firstAdded, ...first } = await timed(() =>
    addArticleToIndex({ docsDir, store, embedder, log: silentLogger, served, article }),
  );
  served = firstAdded.index;
  const { result: added, ...addition } = await timed(() =>
    addArticleToIndex({ docsDir, store, embedder, log: silentLogger, served, article: second }),
  );
  served = added.index;
  return {
    embedder,
    served,
    buildSeconds,
    reindex: { ...reindex, counts: again.counts },
    first,
    addition: { ...addition, counts: added.counts },
    buildPeakRssMb,
    reindexPeakRssMb,
  };
}

async function benchScale(
  runtime: Runtime,
  sources: readonly string[],
  target: number,
  work: string,
  api: FakeOpenAiApi,
) {
  // The bot's local model, loaded and used once, so its memory is in the figure.
  await embedQuestion(runtime.embedder, '模型预热');
  const sentences = await collectSentences(sources.length > 0 ? sources : [runtime.config.docsDir]);
  const docsDir = path.join(work, 'docs');
  const articles = await writeArticles(docsDir, sentences, target);
  const upload = path.join(work, 'upload');
  await writeArticles(path.join(upload, 'new'), sentences.slice().reverse(), 10);
  const builds = await measureBuilds(docsDir, path.join(work, 'index'), await api.start(), upload);
  const answerMs = await measureAnswers(builds.served, builds.embedder);
  return {
    sentences: sentences.length,
    articles,
    chunks: builds.reindex.counts.chunks,
    buildSeconds: Number(builds.buildSeconds.toFixed(1)),
    reindexSeconds: Number(builds.reindex.seconds.toFixed(1)),
    reindexStallMs: builds.reindex.longestStallMs,
    reindexEmbedded: builds.reindex.counts.embedded,
    firstAdditionSeconds: Number(builds.first.seconds.toFixed(2)),
    firstAdditionStallMs: builds.first.longestStallMs,
    additionSeconds: Number(builds.addition.seconds.toFixed(2)),
    additionStallMs: builds.addition.longestStallMs,
    additionEmbedded: builds.addition.counts.embedded,
    answerMs: { p50: Number(percentile(answerMs, 50).toFixed(1)), p95: Number(percentile(answerMs, 95).toFixed(1)) },
    buildPeakRssMb: builds.buildPeakRssMb,
    reindexPeakRssMb: builds.reindexPeakRssMb,
    peakRssMb: peakRssMb(),
  };
}

function describeScale(report: Awaited<ReturnType<typeof benchScale>>): string[] {
  const { answerMs } = report;
  return [
    `Synthetic corpus: ${report.articles} articles of real sentences (${report.sentences} to draw from), ` +
      `${report.chunks} chunks`,
    `Index build (stand-in 512-d embeddings from 127.0.0.1): ${report.buildSeconds} s; ` +
      `re-index, nothing changed: ${report.reindexSeconds} s, ${report.reindexEmbedded} embedded, ` +
      `event loop held up to ${report.reindexStallMs} ms at once`,
    `Uploaded article added: first ${report.firstAdditionSeconds} s (event loop held up to ` +
      `${report.firstAdditionStallMs} ms at once); second ${report.additionSeconds} s, ` +
      `${report.additionEmbedded} chunks embedded, event loop held up to ${report.additionStallMs} ms at once`,
    `Whole offline answer (120 questions, stand-in query vectors): p50 ${answerMs.p50} ms, p95 ${answerMs.p95} ms`,
    `Peak RSS, with the local model loaded: ${report.buildPeakRssMb} MB through the first build; ` +
      `${report.reindexPeakRssMb} MB through the re-index (it holds the served index and the new one); ` +
      `${report.peakRssMb} MB overall`,
  ];
}

async function main(): Promise<void> {
  const commandLine = readCommandLine({
    options: { chunks: { type: 'string' }, source: { type: 'string', multiple: true } },
  });
  if (!commandLine) return;
  const { values } = commandLine;
  const runtime = await startRuntime();
  runtime.log.level = 'warn';
  const target = Math.max(1000, Number(values.chunks ?? 100_000));
  const work = await mkdtemp(path.join(os.tmpdir(), 'news-bot-scale-'));
  const api = new FakeOpenAiApi(512);
  try {
    const report = await benchScale(runtime, values.source ?? [], target, work, api);
    process.stdout.write(`${describeScale(report).join('\n')}\n`);
  } finally {
    await api.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch(reportFailure);
