// Shared start-up for the command-line tools: settings, logger, embedder, index; and the one place
// that turns a failure into a message and an exit code.
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LlmDeps } from '../answer/answer-question.js';
import { createChatModel } from '../answer/llm.js';
import { loadPrompts } from '../answer/prompts.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';
import { listFiles } from '../ingestion/load.js';
import { createLogger, logFor, registerSecret, scrubSecrets, type Logger } from '../log.js';
import { createEmbedder, type Embedder } from '../vector-store/embeddings.js';
import { ensureIndex, type BuildProgress, type LoadedIndex } from '../vector-store/index-store.js';

export interface Runtime {
  config: Config;
  log: Logger;
  embedder: Embedder;
}

/** The chat model and prompts when an LLM is configured (prompts checked now, not mid-answer). */
export async function createLlm(config: Config): Promise<LlmDeps | undefined> {
  const model = await createChatModel(config.llm);
  if (!model) return undefined;
  return { model, prompts: await loadPrompts(), timeoutMs: config.llm.timeoutMs };
}

export interface RuntimeOverrides {
  docsDir?: string | undefined;
  indexDir?: string | undefined;
}

export async function startRuntime(overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const loaded = loadConfig();
  const config: Config = {
    ...loaded,
    docsDir: overrides.docsDir ?? loaded.docsDir,
    indexDir: overrides.indexDir ?? loaded.indexDir,
  };
  registerSecret(config.llm.apiKey);
  registerSecret(config.embeddings.apiKey);
  registerSecret(config.telegram.token);
  const log = createLogger(config.logLevel);
  const embedder = await createEmbedder(config.embeddings);
  return { config, log, embedder };
}

/** A progress line on stderr when it is a terminal; nothing otherwise. */
export function terminalProgress(): (progress: BuildProgress) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (progress) => {
    if (progress.phase !== 'embedding' || progress.total === 0) return;
    process.stderr.write(`\rEmbedding chunks: ${progress.done}/${progress.total}`);
    if (progress.done === progress.total) process.stderr.write('\n');
  };
}

/** Opens the index, building it first (with a note on stderr) when there is none. */
export async function openOrBuildIndex(runtime: Runtime): Promise<LoadedIndex> {
  const { index, built } = await ensureIndex({
    docsDir: runtime.config.docsDir,
    indexDir: runtime.config.indexDir,
    embedder: runtime.embedder,
    log: logFor(runtime.log, 'vector-store'),
    onProgress: terminalProgress(),
  });
  if (built) {
    process.stderr.write(
      `Built the index: ${built.counts.articles} articles, ${built.counts.chunks} chunks in ${built.seconds.toFixed(1)} s\n`,
    );
  }
  return index;
}

const HINTS: Partial<Record<AppError['code'], string>> = {
  docs_dir_missing: 'Set DOCS_DIR (or --docs) to a folder of article files (.txt, .md, .html).',
  docs_dir_empty: 'Put article files (.txt, .md, .html) in it, or point DOCS_DIR elsewhere.',
};

/** Prints a failure as one clear message on stderr and sets the exit code. Never prints secrets. */
export function reportFailure(error: unknown): void {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof AppError) {
    const hint = HINTS[error.code];
    const cause = !hint && error.cause instanceof Error ? ` (${scrubSecrets(error.cause.message)})` : '';
    process.stderr.write(`Error: ${scrubSecrets(error.message)}${cause}${hint ? `. ${hint}` : ''}\n`);
  } else {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`Unexpected error: ${scrubSecrets(message)}\n`);
  }
  process.exitCode = 1;
}

/** Reads `--name value` and `--name=value` flags; the rest are positional words. */
export function parseArgs(argv: readonly string[], flags: readonly string[], switches: readonly string[] = []) {
  const values: Record<string, string> = {};
  const on = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (name !== undefined && switches.includes(name)) on.add(name);
    else if (name !== undefined && flags.includes(name)) {
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i += 1;
      if (value !== undefined) values[name] = value;
    } else if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    } else positional.push(arg);
  }
  return { values, on, positional };
}

/** One folder holding links to every article of several folders, so one index covers them all. */
export async function stageDocs(dirs: readonly string[]): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  if (dirs.length === 1) return { dir: path.resolve(dirs[0] ?? '.'), cleanup: () => Promise.resolve() };
  const staging = await mkdtemp(path.join(os.tmpdir(), 'news-bot-docs-'));
  for (const dir of dirs) {
    for (const file of await listFiles(path.resolve(dir))) {
      const relative = path.relative(path.resolve(dir), file);
      const target = path.join(staging, relative);
      await mkdir(path.dirname(target), { recursive: true });
      await symlink(file, target).catch(() => undefined); // same name in two folders: the first wins
    }
  }
  return { dir: staging, cleanup: () => rm(staging, { recursive: true, force: true }) };
}

/** Every value of a flag given several times (`--docs a --docs b`, or `--docs=a`). */
export function repeatedFlag(argv: readonly string[], flag: string): string[] {
  return argv.flatMap((arg, i) => (arg === `--${flag}` && argv[i + 1] !== undefined ? [argv[i + 1]!] : arg.startsWith(`--${flag}=`) ? [arg.slice(flag.length + 3)] : []));
}
