// Shared start-up for the commands (ask, chat, ingest) and the tools: settings, logger, embedder, index,
// the command line; and the one place that turns a failure into a message and an exit code.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';
import { logFor, scrubSecrets } from '../log.js';
import { findMessage, renderMessage } from '../messages.js';
import { ensureIndex, type BuildProgress } from '../library/build.js';
import { createServices, type Services } from '../services.js';
import type { LoadedIndex } from '../vector-store/store.js';

export interface Runtime extends Services {
  config: Config;
}

export interface RuntimeOverrides {
  docsDir?: string | undefined;
  indexDir?: string | undefined;
}

/** `--docs DIR` and `--index DIR` of ask, chat and ingest: the runtime overrides on the command line. */
export const FOLDER_OPTIONS = { docs: { type: 'string' }, index: { type: 'string' } } as const;

export async function startRuntime(overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const loaded = loadConfig();
  const config: Config = {
    ...loaded,
    docsDir: overrides.docsDir ?? loaded.docsDir,
    indexDir: overrides.indexDir ?? loaded.indexDir,
  };
  return { config, ...(await createServices(config)) };
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
    store: runtime.store,
    embedder: runtime.embedder,
    log: logFor(runtime.log, 'library'),
    onProgress: terminalProgress(),
  });
  if (built) {
    const { articles, chunks } = built.counts;
    process.stderr.write(`Built the index: ${articles} articles, ${chunks} chunks in ${built.seconds.toFixed(1)} s\n`);
  }
  return index;
}

/** Prints a failure as one clear message on stderr and sets the exit code. Never prints secrets. */
export function reportFailure(error: unknown): void {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof AppError) {
    const hint = findMessage('failureHints', error.code);
    const cause = !hint && error.cause instanceof Error ? ` (${scrubSecrets(error.cause.message)})` : '';
    process.stderr.write(`${renderMessage('failure', `${scrubSecrets(error.message)}${cause}`, hint)}\n`);
  } else {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${renderMessage('unexpectedFailure', scrubSecrets(message))}\n`);
  }
  process.exitCode = 1;
}

/** Every `ERR_PARSE_ARGS_*` error of node:util parseArgs: a command line the command cannot read. */
function isCommandLineError(error: unknown): error is TypeError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * The command line read by node:util parseArgs, strictly: an unknown flag, a missing value or (unless
 * `allowPositionals`) a stray word is a mistake the user should hear about, not something to ignore. Such a
 * mistake prints one line on stderr, sets exit code 2 and gives undefined. `args` defaults to process.argv.
 */
export function readCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> | undefined {
  try {
    return parseArgs<T>({ args: process.argv.slice(2), ...config });
  } catch (error) {
    if (!isCommandLineError(error)) throw error;
    process.stderr.write(`Error: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exitCode = 2;
    return undefined;
  }
}
