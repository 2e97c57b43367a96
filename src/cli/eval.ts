// `npm run eval -- --docs DIR [--docs DIR…] --qa FILE [--qa FILE…] [--index DIR] [--llm] [--baseline] [--json OUT]`:
// builds (or reuses) an index of the articles, asks every question through the answer path the bot
// uses, and prints quality per language and kind; --baseline runs the plain LangChain recipe too.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAnswerer } from '../answer/answer-question.js';
import { logFor } from '../log.js';
import { runBaseline } from '../evaluation/baseline.js';
import { breakdown, evaluate, readQaFile, summarise, type ItemResult, type Metrics, type QaItem } from '../evaluation/quality.js';
import { buildIndex } from '../vector-store/index-store.js';
import { prepareSpellings } from '../retrieval/pinyin-lookup.js';
import { createLlm, reportFailure, stageDocs, startRuntime, terminalProgress } from './runtime.js';

const USAGE = `Usage: npm run eval -- --docs DIR [--docs DIR…] --qa FILE [--qa FILE…] [--index DIR] [--llm] [--baseline] [--json OUT]
  e.g. npm run eval -- --docs seeds --docs ../shared/corpus --qa ../shared/eval/seed-qa.jsonl --qa ../shared/eval/corpus-qa.jsonl
`;

function readArgs(argv: readonly string[]) {
  const docs: string[] = [];
  const qa: string[] = [];
  let index: string | undefined;
  let json: string | undefined;
  let llm = false;
  let baseline = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = argv[i + 1];
    const takesValue = ['--docs', '--qa', '--index', '--json'].includes(arg ?? '');
    if (takesValue && value === undefined) return undefined;
    if (arg === '--docs') docs.push(value ?? '');
    else if (arg === '--qa') qa.push(value ?? '');
    else if (arg === '--index') index = value;
    else if (arg === '--json') json = value;
    else if (arg === '--llm') llm = true;
    else if (arg === '--baseline') baseline = true;
    else return undefined;
    if (takesValue) i += 1;
  }
  return docs.length > 0 && qa.length > 0 ? { docs, qa, index, json, llm, baseline } : undefined;
}

const COLUMNS: Array<[keyof Metrics, string]> = [
  ['questions', 'n'],
  ['hitAt1', 'hit@1'],
  ['hitAt3', 'hit@3'],
  ['hitAt5', 'hit@5'],
  ['mrr', 'MRR'],
  ['correctness', 'correct'],
  ['declined', 'declined'],
  ['overRefusal', 'over-refusal'],
  ['faithfulness', 'faithful'],
  ['medianSeconds', 'median s'],
  ['p95Seconds', 'p95 s'],
];

function table(title: string, rows: Array<{ group: string; metrics: Metrics }>, only?: Array<keyof Metrics>): string {
  const columns = only ? COLUMNS.filter(([key]) => only.includes(key)) : COLUMNS;
  const format = (value: number) => (Number.isNaN(value) ? '–' : Number.isInteger(value) ? String(value) : value.toFixed(3));
  const header = ['group', ...columns.map(([, label]) => label)];
  const body = rows.map(({ group, metrics }) => [group, ...columns.map(([key]) => format(metrics[key]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [title, line(header), ...body.map(line)].join('\n');
}

function failures(results: readonly ItemResult[]): string[] {
  return results
    .filter((r) => !r.correct || (r.kind !== 'unanswerable' && (r.rank === 0 || r.rank > 5)) || !r.faithful)
    .map((r) => {
      const why = [
        r.kind === 'unanswerable' ? (r.status === 'not-found' ? '' : 'answered an unanswerable question') : r.status === 'not-found' ? 'declined' : '',
        r.missing.length > 0 && r.kind !== 'unanswerable' ? `missing ${r.missing.join(', ')}` : '',
        r.kind !== 'unanswerable' && (r.rank === 0 || r.rank > 5) ? 'gold source not in top 5' : '',
        r.faithful ? '' : `figures not in cited passages: ${r.unfaithfulFigures.join(', ')}`,
      ].filter(Boolean);
      return `  ${r.id} (${r.lang}, ${r.kind}): ${why.join('; ')} — ${r.question}`;
    });
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  if (!args) {
    process.stderr.write(USAGE);
    process.exitCode = 2;
    return;
  }
  const staged = await stageDocs(args.docs);
  try {
    const key = createHash('sha256').update(args.docs.map((d) => path.resolve(d)).join('\n')).digest('hex').slice(0, 12);
    const runtime = await startRuntime({ docsDir: staged.dir, indexDir: args.index ?? path.join('data', `eval-index-${key}`) });
    const llm = args.llm ? await createLlm(runtime.config) : undefined;
    if (args.llm && !llm) {
      process.stderr.write('--llm asks for generated answers, but LLM_PROVIDER is none: evaluating the extractive answers.\n');
    }
    const items: QaItem[] = [];
    for (const file of args.qa) items.push(...(await readQaFile(file)));
    // Always a build: unchanged articles reuse their embeddings, changed ones are picked up.
    const built = await buildIndex({
      docsDir: runtime.config.docsDir,
      indexDir: runtime.config.indexDir,
      embedder: runtime.embedder,
      log: logFor(runtime.log, 'vector-store'),
      onProgress: terminalProgress(),
    });
    const index = built.index;
    const counts = index.manifest.counts;
    process.stdout.write(
      `Index: ${counts.articles} articles, ${counts.chunks} chunks (built in ${built.seconds.toFixed(1)} s, ${built.counts.embedded} chunks embedded, ${built.counts.reused} reused); ${items.length} questions\n\n`,
    );
    prepareSpellings(index); // as the bot does on loading an index, so timings are steady-state
    const answerer = createAnswerer({ index: () => index, embedder: runtime.embedder, llm });
    const results = await evaluate(answerer, items);
    process.stdout.write(`${table(llm ? `Generated answers (${runtime.config.llm.model})` : 'Offline answer path', breakdown(results))}\n`);
    const problems = failures(results);
    if (problems.length > 0) process.stdout.write(`\nNot fully right:\n${problems.join('\n')}\n`);

    let baseline: { metrics: ReturnType<typeof breakdown>; buildSeconds: number; chunks: number } | undefined;
    if (args.baseline) {
      process.stderr.write('Running the baseline recipe (whole files, default splitter, HNSWLib, top-4)…\n');
      const run = await runBaseline(runtime.config.docsDir, runtime.embedder.embeddings, items);
      baseline = { metrics: breakdown(run.results).filter((g) => !g.group.startsWith('kind=')), buildSeconds: run.buildSeconds, chunks: run.chunks };
      process.stdout.write(
        `\n${table(`Baseline (${run.chunks} chunks, built in ${run.buildSeconds.toFixed(1)} s)`, baseline.metrics, ['questions', 'hitAt1', 'hitAt3', 'hitAt5', 'mrr'])}\n`,
      );
    }
    if (args.json) {
      const report = { index: { ...counts, buildSeconds: built.seconds }, summary: summarise(results), groups: breakdown(results), baseline, results };
      await writeFile(args.json, `${JSON.stringify(report, null, 2)}\n`);
    }
  } finally {
    await staged.cleanup();
  }
}

main().catch(reportFailure);
