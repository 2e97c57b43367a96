// `npm run bench [-- --docs DIR [--docs DIR…] --questions N --vectors 100000[,1000000] --distribution clustered,uniform --m M --ef-construction N --json OUT]`:
// speed and memory of the offline path — model load, index build from nothing, a re-index with
// nothing changed, question latency for retrieval alone and for the whole answer (after warm-up) —
// and the vector store alone at scale. Prints a table; --json writes the figures.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAnswerer } from '../answer/answer-question.js';
import { searchPassages } from '../retrieval/search.js';
import { understandQuestion } from '../retrieval/understand.js';
import { buildIndex, DEFAULT_HNSW } from '../vector-store/index-store.js';
import { percentile } from './bench-stats.js';
import { benchVectors, type VectorBenchResult } from './bench-vectors.js';
import { parseArgs, repeatedFlag, reportFailure, stageDocs, startRuntime } from './runtime.js';

/** Questions of the kinds users ask, in both languages; cycled to reach the requested count. */
const QUESTIONS = [
  '佳木斯一季度招商签约了多少个项目？投资总额多少？',
  'how much did Jiamusi sign in Q1?',
  '齐齐哈尔云上签约的项目投资总额是多少？',
  '龙江县与哪家公司签约了肉牛养殖屠宰项目？',
  'Which company signed the solar module project with Jiamusi?',
  '隆基光伏组件项目建成后预计年销售收入多少？',
  '碾子山区有多少个再谈项目？',
  '大庆市2021年招商引资签约金额是多少？',
  'What is the population of Harbin?',
  '2022年上半年签约了哪些重大项目？',
  'Where did the mayor lead the investment trip in February?',
  '新能源产业项目投资多少亿元？',
];

function summarise(samples: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    mean: round(samples.reduce((a, b) => a + b, 0) / (samples.length || 1)),
  };
}

const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { values } = parseArgs(argv, ['docs', 'questions', 'json', 'vectors', 'distribution', 'ef-construction', 'm']);
  const docsDirs = repeatedFlag(argv, 'docs');
  const staged = docsDirs.length > 0 ? await stageDocs(docsDirs) : undefined;
  const runtime = await startRuntime({ docsDir: staged?.dir });
  runtime.log.level = 'warn';
  const questionCount = Math.max(1, Number(values.questions ?? 240));
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'news-bot-bench-'));
  try {
    let embedMs = 0;
    const embeddings = runtime.embedder.embeddings;
    const embedDocuments = embeddings.embedDocuments.bind(embeddings);
    embeddings.embedDocuments = async (texts: string[]) => {
      const started = performance.now();
      try {
        return await embedDocuments(texts);
      } finally {
        embedMs += performance.now() - started;
      }
    };

    const buildStarted = performance.now();
    const first = await buildIndex({ docsDir: runtime.config.docsDir, indexDir, embedder: runtime.embedder, log: runtime.log });
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    const firstEmbedMs = embedMs;
    const again = await buildIndex({ docsDir: runtime.config.docsDir, indexDir, embedder: runtime.embedder, log: runtime.log });

    const index = again.index;
    const answerer = createAnswerer({ index: () => index, embedder: runtime.embedder });
    const questions = Array.from({ length: questionCount }, (_, i) => QUESTIONS[i % QUESTIONS.length] ?? '');
    for (const question of QUESTIONS) await answerer.answer(question); // warm-up
    const retrievalMs: number[] = [];
    const answerMs: number[] = [];
    for (const question of questions) {
      let started = performance.now();
      await searchPassages(index, runtime.embedder, understandQuestion(question, index.vocabulary));
      retrievalMs.push(performance.now() - started);
      started = performance.now();
      await answerer.answer(question);
      answerMs.push(performance.now() - started);
    }

    const report = {
      docsDir: docsDirs.length > 0 ? docsDirs.join(' + ') : path.relative(process.cwd(), runtime.config.docsDir) || '.',
      embedder: runtime.embedder.key,
      machine: { cpus: os.cpus().length, node: process.version },
      build: {
        articles: first.counts.articles,
        chunks: first.counts.chunks,
        seconds: Number(buildSeconds.toFixed(2)),
        articlesPerSecond: Number((first.counts.articles / buildSeconds).toFixed(1)),
        chunksPerSecond: Number((first.counts.chunks / buildSeconds).toFixed(1)),
        embeddingShare: Number((firstEmbedMs / 1000 / buildSeconds).toFixed(2)),
        includesModelLoad: true,
      },
      reindexUnchanged: { seconds: Number(again.seconds.toFixed(2)), embedded: again.counts.embedded, reused: again.counts.reused },
      questions: questionCount,
      retrievalMs: summarise(retrievalMs),
      answerMs: summarise(answerMs),
      peakRssMb: peakRssMb(),
      vectorStore: [] as VectorBenchResult[],
    };
    const table = [
      `Corpus: ${report.docsDir} (${report.build.articles} articles, ${report.build.chunks} chunks), embedder ${report.embedder}`,
      `Index build from nothing (incl. model load): ${report.build.seconds} s — ${report.build.articlesPerSecond} articles/s, ${report.build.chunksPerSecond} chunks/s, ${Math.round(report.build.embeddingShare * 100)}% embedding`,
      `Re-index, nothing changed: ${report.reindexUnchanged.seconds} s, ${report.reindexUnchanged.embedded} chunks embedded, ${report.reindexUnchanged.reused} reused`,
      `Retrieval alone (${questionCount} questions): p50 ${report.retrievalMs.p50} ms, p95 ${report.retrievalMs.p95} ms, p99 ${report.retrievalMs.p99} ms`,
      `Whole offline answer:            p50 ${report.answerMs.p50} ms, p95 ${report.answerMs.p95} ms, p99 ${report.answerMs.p99} ms`,
      `Peak RSS: ${report.peakRssMb} MB`,
    ];
    process.stdout.write(`${table.join('\n')}\n`);
    // The vector store alone at scale (random vectors; 0 skips it).
    const counts = (values.vectors ?? '100000').split(',').map(Number).filter((n) => n > 0);
    const distributions = (values.distribution ?? 'clustered,uniform').split(',') as Array<'uniform' | 'clustered'>;
    for (const count of counts) {
      for (const distribution of distributions) {
        const result = benchVectors({
          count,
          distribution,
          m: Number(values.m ?? DEFAULT_HNSW.m),
          efConstruction: Number(values['ef-construction'] ?? DEFAULT_HNSW.efConstruction),
          efValues: [16, 32, 64, 128, 256, 512],
        });
        report.vectorStore.push(result);
        const lines = result.byEf.map(
          (r) => `  ef ${String(r.ef).padStart(3)}: recall@10 ${r.recallAt10.toFixed(3)}, p50 ${r.p50Ms.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms, ${Math.round(result.bruteForceP50Ms / r.p50Ms)}× exact search`,
        );
        process.stdout.write(
          `Vector store, ${count} ${distribution} 512-d vectors (M ${result.m}, efConstruction ${result.efConstruction}): build ${result.buildSeconds.toFixed(1)} s; exact search p50 ${result.bruteForceP50Ms.toFixed(1)} ms (hnswlib BruteforceSearch; a JavaScript scan ${result.javascriptScanP50Ms.toFixed(0)} ms); peak RSS ${result.peakRssMb} MB\n${lines.join('\n')}\n`,
        );
      }
    }
    if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await rm(indexDir, { recursive: true, force: true });
    await staged?.cleanup();
  }
}

main().catch(reportFailure);
