// `npm run eval -- --docs DIR [--docs DIR…] --qa FILE [--qa FILE…] [--index DIR] [--llm] [--baseline]
// [--json OUT]`: builds (or reuses) an index of the articles, asks every question through the answer path
// the bot uses, and prints quality per language and kind; --baseline runs the plain LangChain recipe too.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAnswerer } from '../../src/answer/answer-question.js';
import { readCommandLine, reportFailure, startRuntime, terminalProgress, type Runtime } from '../../src/cli/runtime.js';
import { logFor } from '../../src/log.js';
import { createLlm } from '../../src/services.js';
import { prepareSpellings } from '../../src/retrieval/pinyin-lookup.js';
import { buildIndex } from '../../src/library/build.js';
import { stageDocs } from '../stage-docs.js';
import { runBaseline } from './baseline.js';
import { breakdown, evaluate, readQaFile, summarise, type ItemResult, type Metrics, type QaItem } from './quality.js';

const USAGE = [
  'Usage: npm run eval -- --docs DIR [--docs DIR…] --qa FILE [--qa FILE…]',
  '         [--index DIR] [--llm] [--baseline] [--json OUT]',
  '  e.g. npm run eval -- --docs seeds --docs ../shared/corpus \\',
  '         --qa ../shared/eval/seed-qa.jsonl --qa ../shared/eval/corpus-qa.jsonl',
  '',
].join('\n');

const OPTIONS = {
  docs: { type: 'string', multiple: true },
  qa: { type: 'string', multiple: true },
  index: { type: 'string' },
  json: { type: 'string' },
  llm: { type: 'boolean' },
  baseline: { type: 'boolean' },
} as const;

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

/** The columns of the baseline's table: it retrieves but does not answer. */
const RETRIEVAL_COLUMNS: Array<keyof Metrics> = ['questions', 'hitAt1', 'hitAt3', 'hitAt5', 'mrr'];

type Groups = ReturnType<typeof breakdown>;

function formatMetric(value: number): string {
  if (Number.isNaN(value)) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

function table(title: string, rows: Groups, only?: Array<keyof Metrics>): string {
  const columns = only ? COLUMNS.filter(([key]) => only.includes(key)) : COLUMNS;
  const header = ['group', ...columns.map(([, label]) => label)];
  const body = rows.map(({ group, metrics }) => [group, ...columns.map(([key]) => formatMetric(metrics[key]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [title, line(header), ...body.map(line)].join('\n');
}

const missedGold = (r: ItemResult): boolean => r.kind !== 'unanswerable' && (r.rank === 0 || r.rank > 5);

/** Why a result is not fully right, in a few words per reason. */
function reasons(r: ItemResult): string[] {
  const unanswerable = r.kind === 'unanswerable';
  const wrongStatus = unanswerable ? r.status !== 'not-found' : r.status === 'not-found';
  return [
    wrongStatus ? (unanswerable ? 'answered an unanswerable question' : 'declined') : '',
    r.missing.length > 0 && !unanswerable ? `missing ${r.missing.join(', ')}` : '',
    missedGold(r) ? 'gold source not in top 5' : '',
    r.faithful ? '' : `figures not in cited passages: ${r.unfaithfulFigures.join(', ')}`,
  ].filter(Boolean);
}

function failures(results: readonly ItemResult[]): string[] {
  return results
    .filter((r) => !r.correct || missedGold(r) || !r.faithful)
    .map((r) => `  ${r.id} (${r.lang}, ${r.kind}): ${reasons(r).join('; ')} — ${r.question}`);
}

/** The command line, or undefined (usage or a one-line error printed, exit code 2) when it is not usable. */
function readArgs() {
  const commandLine = readCommandLine({ options: OPTIONS });
  if (!commandLine) return undefined;
  const { docs = [], qa = [], ...rest } = commandLine.values;
  if (docs.length === 0 || qa.length === 0) {
    process.stderr.write(USAGE);
    process.exitCode = 2;
    return undefined;
  }
  return { docs, qa, ...rest };
}

type Args = NonNullable<ReturnType<typeof readArgs>>;

/** An index folder of its own for each set of article folders, so runs over other sets do not rebuild it. */
function defaultIndexDir(docs: readonly string[]): string {
  const key = createHash('sha256')
    .update(docs.map((d) => path.resolve(d)).join('\n'))
    .digest('hex')
    .slice(0, 12);
  return path.join('data', `eval-index-${key}`);
}

/** Always a build: unchanged articles reuse their embeddings, changed ones are picked up. */
async function buildEvalIndex(runtime: Runtime, questions: number) {
  const built = await buildIndex({
    docsDir: runtime.config.docsDir,
    store: runtime.store,
    embedder: runtime.embedder,
    log: logFor(runtime.log, 'library'),
    onProgress: terminalProgress(),
  });
  const { articles, chunks } = built.index.manifest.counts;
  const work = `${built.counts.embedded} chunks embedded, ${built.counts.reused} reused`;
  process.stdout.write(
    `Index: ${articles} articles, ${chunks} chunks (built in ${built.seconds.toFixed(1)} s, ${work}); ` +
      `${questions} questions\n\n`,
  );
  return built;
}

/** The plain recipe over the same articles and questions, printed as a retrieval-only table. */
async function runBaselineTable(runtime: Runtime, items: readonly QaItem[]) {
  process.stderr.write('Running the baseline recipe (whole files, default splitter, HNSWLib, top-4)…\n');
  const run = await runBaseline(runtime.config.docsDir, runtime.embedder, items);
  const metrics = breakdown(run.results).filter((g) => !g.group.startsWith('kind='));
  const title = `Baseline (${run.chunks} chunks, built in ${run.buildSeconds.toFixed(1)} s)`;
  process.stdout.write(`\n${table(title, metrics, RETRIEVAL_COLUMNS)}\n`);
  return { metrics, buildSeconds: run.buildSeconds, chunks: run.chunks };
}

async function evaluateStaged(args: Args, docsDir: string): Promise<void> {
  const runtime = await startRuntime({ docsDir, indexDir: args.index ?? defaultIndexDir(args.docs) });
  const llm = args.llm ? await createLlm(runtime.config) : undefined;
  if (args.llm && !llm) {
    process.stderr.write(
      '--llm asks for generated answers, but LLM_PROVIDER is none: evaluating the extractive answers.\n',
    );
  }
  const items: QaItem[] = [];
  for (const file of args.qa) items.push(...(await readQaFile(file)));
  const built = await buildEvalIndex(runtime, items.length);
  const index = built.index;
  prepareSpellings(index); // as the bot does on loading an index, so timings are steady-state
  const answerer = createAnswerer({ index: () => index, embedder: runtime.embedder, llm });
  const results = await evaluate(answerer, items);
  const title = llm ? `Generated answers (${runtime.config.llm.model})` : 'Offline answer path';
  process.stdout.write(`${table(title, breakdown(results))}\n`);
  const problems = failures(results);
  if (problems.length > 0) process.stdout.write(`\nNot fully right:\n${problems.join('\n')}\n`);

  const baseline = args.baseline ? await runBaselineTable(runtime, items) : undefined;
  if (args.json) {
    const report = {
      index: { ...index.manifest.counts, buildSeconds: built.seconds },
      summary: summarise(results),
      groups: breakdown(results),
      baseline,
      results,
    };
    await writeFile(args.json, `${JSON.stringify(report, null, 2)}\n`);
  }
}

async function main(): Promise<void> {
  const args = readArgs();
  if (!args) return;
  const staged = await stageDocs(args.docs);
  try {
    await evaluateStaged(args, staged.dir);
  } finally {
    await staged.cleanup();
  }
}

main().catch(reportFailure);
