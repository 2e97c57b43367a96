// `npm run bench [-- --docs DIR [--docs DIR…] --questions N --vectors 100000[,1000000]
// --distribution clustered,uniform --m M --ef-construction N --json OUT]`: speed and memory of the offline
// path — model load, index build from nothing, a re-index with nothing changed, question latency for
// retrieval alone and for the whole answer (after warm-up) — and the vector store alone at scale.
// Prints a table; --json writes the figures.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAnswerer } from '../../src/answer/answer-question.js';
import { readCommandLine, reportFailure, startRuntime, type Runtime } from '../../src/cli/runtime.js';
import { searchPassages } from '../../src/retrieval/search.js';
import { understandQuestion } from '../../src/retrieval/understand.js';
import type { Embedder } from '../../src/vector-store/embeddings.js';
import { buildIndex } from '../../src/library/build.js';
import { DEFAULT_HNSW } from '../../src/vector-store/hnsw-store.js';
import type { LoadedIndex } from '../../src/vector-store/store.js';
import { stageDocs } from '../stage-docs.js';
import { percentile } from '../stats.js';
import { benchVectors, type VectorBenchResult } from './vectors.js';

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

const OPTIONS = {
  docs: { type: 'string', multiple: true },
  questions: { type: 'string' },
  json: { type: 'string' },
  vectors: { type: 'string' },
  distribution: { type: 'string' },
  'ef-construction': { type: 'string' },
  m: { type: 'string' },
} as const;

type Values = NonNullable<ReturnType<typeof readCommandLine<{ options: typeof OPTIONS }>>>['values'];

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

function summarise(samples: number[]): Latency {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    mean: round(samples.reduce((a, b) => a + b, 0) / (samples.length || 1)),
  };
}

const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** Wraps the embedder's embedDocuments to add up the milliseconds spent in it. */
function timeEmbedding(embedder: Embedder): () => number {
  let embedMs = 0;
  const embeddings = embedder.embeddings;
  const embedDocuments = embeddings.embedDocuments.bind(embeddings);
  embeddings.embedDocuments = async (texts: string[]) => {
    const started = performance.now();
    try {
      return await embedDocuments(texts);
    } finally {
      embedMs += performance.now() - started;
    }
  };
  return () => embedMs;
}

/** A build from nothing (timed, with the share spent embedding), then a re-index with nothing changed. */
async function measureBuilds(runtime: Runtime) {
  const embeddingMs = timeEmbedding(runtime.embedder);
  const options = {
    docsDir: runtime.config.docsDir,
    store: runtime.store,
    embedder: runtime.embedder,
    log: runtime.log,
  };
  const buildStarted = performance.now();
  const first = await buildIndex(options);
  const seconds = (performance.now() - buildStarted) / 1000;
  const embedSeconds = embeddingMs() / 1000;
  const again = await buildIndex(options);
  const build = {
    articles: first.counts.articles,
    chunks: first.counts.chunks,
    seconds: Number(seconds.toFixed(2)),
    articlesPerSecond: Number((first.counts.articles / seconds).toFixed(1)),
    chunksPerSecond: Number((first.counts.chunks / seconds).toFixed(1)),
    embeddingShare: Number((embedSeconds / seconds).toFixed(2)),
    includesModelLoad: true,
  };
  const reindexUnchanged = {
    seconds: Number(again.seconds.toFixed(2)),
    embedded: again.counts.embedded,
    reused: again.counts.reused,
  };
  return { index: again.index, build, reindexUnchanged };
}

/** Retrieval alone and the whole offline answer, per question, after one warm-up round. */
async function measureLatency(index: LoadedIndex, embedder: Embedder, questionCount: number) {
  const answerer = createAnswerer({ index: () => index, embedder });
  const questions = Array.from({ length: questionCount }, (_, i) => QUESTIONS[i % QUESTIONS.length] ?? '');
  for (const question of QUESTIONS) await answerer.answer(question); // warm-up
  const retrievalMs: number[] = [];
  const answerMs: number[] = [];
  for (const question of questions) {
    let started = performance.now();
    await searchPassages(index, embedder, understandQuestion(question, index.vocabulary));
    retrievalMs.push(performance.now() - started);
    started = performance.now();
    await answerer.answer(question);
    answerMs.push(performance.now() - started);
  }
  return { retrievalMs: summarise(retrievalMs), answerMs: summarise(answerMs) };
}

function describeCorpus(report: Awaited<ReturnType<typeof benchCorpus>>): string[] {
  const { build, reindexUnchanged: again, retrievalMs: retrieval, answerMs: answer } = report;
  const rates = `${build.articlesPerSecond} articles/s, ${build.chunksPerSecond} chunks/s`;
  return [
    `Corpus: ${report.docsDir} (${build.articles} articles, ${build.chunks} chunks), embedder ${report.embedder}`,
    `Index build from nothing (incl. model load): ${build.seconds} s — ${rates}, ` +
      `${Math.round(build.embeddingShare * 100)}% embedding`,
    `Re-index, nothing changed: ${again.seconds} s, ${again.embedded} chunks embedded, ${again.reused} reused`,
    `Retrieval alone (${report.questions} questions): ` +
      `p50 ${retrieval.p50} ms, p95 ${retrieval.p95} ms, p99 ${retrieval.p99} ms`,
    `Whole offline answer:            p50 ${answer.p50} ms, p95 ${answer.p95} ms, p99 ${answer.p99} ms`,
    `Peak RSS: ${report.peakRssMb} MB`,
  ];
}

function describeVectorStore(result: VectorBenchResult): string[] {
  const settings = `M ${result.m}, efConstruction ${result.efConstruction}`;
  const exact =
    `exact search p50 ${result.bruteForceP50Ms.toFixed(1)} ms ` +
    `(hnswlib BruteforceSearch; a JavaScript scan ${result.javascriptScanP50Ms.toFixed(0)} ms)`;
  const byEf = result.byEf.map((r) => {
    const speedUp = Math.round(result.bruteForceP50Ms / r.p50Ms);
    return (
      `  ef ${String(r.ef).padStart(3)}: recall@10 ${r.recallAt10.toFixed(3)}, ` +
      `p50 ${r.p50Ms.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms, ${speedUp}× exact search`
    );
  });
  return [
    `Vector store, ${result.count} ${result.distribution} 512-d vectors (${settings}): ` +
      `build ${result.buildSeconds.toFixed(1)} s; ${exact}; peak RSS ${result.peakRssMb} MB`,
    ...byEf,
  ];
}

/** The vector store alone at scale (random vectors; `--vectors 0` skips it), printed as each run ends. */
function benchVectorStore(values: Values): VectorBenchResult[] {
  const counts = (values.vectors ?? '100000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const distributions = (values.distribution ?? 'clustered,uniform').split(',') as Array<'uniform' | 'clustered'>;
  const results: VectorBenchResult[] = [];
  for (const count of counts) {
    for (const distribution of distributions) {
      const result = benchVectors({
        count,
        distribution,
        m: Number(values.m ?? DEFAULT_HNSW.m),
        efConstruction: Number(values['ef-construction'] ?? DEFAULT_HNSW.efConstruction),
        efValues: [16, 32, 64, 128, 256, 512],
      });
      results.push(result);
      process.stdout.write(`${describeVectorStore(result).join('\n')}\n`);
    }
  }
  return results;
}

/** Builds and question latency over the articles (the staged `--docs` folders, or DOCS_DIR). */
async function benchCorpus(values: Values, docsDir: string | undefined, indexDir: string) {
  const docsDirs = values.docs ?? [];
  const runtime = await startRuntime({ docsDir, indexDir });
  runtime.log.level = 'warn';
  const questions = Math.max(1, Number(values.questions ?? 240));
  const { index, ...builds } = await measureBuilds(runtime);
  const latency = await measureLatency(index, runtime.embedder, questions);
  return {
    docsDir: docsDirs.length > 0 ? docsDirs.join(' + ') : path.relative(process.cwd(), runtime.config.docsDir) || '.',
    embedder: runtime.embedder.key,
    machine: { cpus: os.cpus().length, node: process.version },
    ...builds,
    questions,
    ...latency,
    peakRssMb: peakRssMb(),
  };
}

async function main(): Promise<void> {
  const commandLine = readCommandLine({ options: OPTIONS });
  if (!commandLine) return;
  const { values } = commandLine;
  const docsDirs = values.docs ?? [];
  const staged = docsDirs.length > 0 ? await stageDocs(docsDirs) : undefined;
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'news-bot-bench-'));
  try {
    const corpus = await benchCorpus(values, staged?.dir, indexDir);
    process.stdout.write(`${describeCorpus(corpus).join('\n')}\n`);
    const report = { ...corpus, vectorStore: benchVectorStore(values) };
    if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await rm(indexDir, { recursive: true, force: true });
    await staged?.cleanup();
  }
}

main().catch(reportFailure);
