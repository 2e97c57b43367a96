// Shared test helpers: where the shared material lives, temporary folders, scripts run as processes, and
// embedders (the real local model when its files are present, a deterministic fake otherwise).
import { Embeddings } from '@langchain/core/embeddings';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbedder, type Embedder } from '../src/vector-store/embeddings.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const seedsDir = path.join(projectRoot, 'seeds');
export const fixturesDir = path.join(projectRoot, 'test', 'fixtures');
export const sharedDir = path.resolve(projectRoot, '..', 'shared');

/** Folder of the local embedding model: MODELS_DIR, or ../shared/models beside the project. */
export const modelsDir: string | undefined = [process.env.MODELS_DIR, path.join(sharedDir, 'models')]
  .filter((dir): dir is string => dir !== undefined && dir !== '')
  .map((dir) => path.resolve(projectRoot, dir))
  .find((dir) => existsSync(path.join(dir, 'Xenova', 'bge-small-zh-v1.5', 'onnx', 'model_quantized.onnx')));

export const MODEL_MISSING =
  'skipped: the embedding model files are not here (set MODELS_DIR to a folder holding Xenova/bge-small-zh-v1.5)';

/** The evaluation corpus: CORPUS_DIR, or ../shared/corpus beside the project. */
export const corpusDir: string | undefined = [process.env.CORPUS_DIR, path.join(sharedDir, 'corpus')]
  .filter((dir): dir is string => dir !== undefined && dir !== '')
  .find((dir) => existsSync(dir));

export const evalDir = path.join(sharedDir, 'eval');

export async function makeTempDir(prefix = 'news-bot-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript entry point (relative to the project) as a process, as a user runs it through npm, with
 * a clean environment: only what the tools need plus `env`, no .env surprises from the caller.
 */
export function runScript(
  entry: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
  /** Run as this user and group instead of the caller's (needs root). */
  user?: { uid: number; gid: number },
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
      ...user,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/**
 * Starts the bot (`src/main.ts`, as `npm start` runs it) over the seeds with a clean environment: the
 * Telegram token and API root, an index in `indexDir`, the offline model, plus `env`. Output is piped.
 */
export function startBotProcess(
  settings: { token: string; apiRoot: string; indexDir: string },
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      TELEGRAM_BOT_TOKEN: settings.token,
      TELEGRAM_API_ROOT: settings.apiRoot,
      DOCS_DIR: seedsDir,
      INDEX_DIR: settings.indexDir,
      MODELS_DIR: modelsDir ?? '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The real local embedder over the offline model files. */
export async function localEmbedder(): Promise<Embedder> {
  if (!modelsDir) throw new Error(MODEL_MISSING);
  return createEmbedder({
    provider: 'local',
    model: 'Xenova/bge-small-zh-v1.5',
    baseUrl: undefined,
    apiKey: undefined,
    modelsDir,
  });
}

/**
 * A deterministic embedding: hashed character bigrams, normalised. Counts what it embeds and can be
 * told to fail after some calls, to simulate a build that dies half-way.
 */
export class FakeEmbeddings extends Embeddings {
  embeddedTexts = 0;
  calls = 0;
  failAfterCalls: number | undefined;
  constructor(readonly dimensions = 64) {
    super({});
  }
  vector(text: string): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    const chars = [...text];
    for (let i = 0; i < chars.length; i += 1) {
      const gram = (chars[i] ?? '') + (chars[i + 1] ?? '');
      let hash = 2166136261;
      for (const c of gram) hash = Math.imul(hash ^ c.codePointAt(0)!, 16777619);
      vector[Math.abs(hash) % this.dimensions]! += 1;
    }
    const norm = Math.hypot(...vector) || 1;
    return vector.map((v) => v / norm);
  }
  embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls += 1;
    if (this.failAfterCalls !== undefined && this.calls > this.failAfterCalls) {
      return Promise.reject(new Error('simulated crash while embedding'));
    }
    this.embeddedTexts += texts.length;
    return Promise.resolve(texts.map((t) => this.vector(t)));
  }
  embedQuery(text: string): Promise<number[]> {
    return Promise.resolve(this.vector(text));
  }
}

export function fakeEmbedder(
  key = 'fake:bigrams',
  embeddings = new FakeEmbeddings(),
): Embedder & { fake: FakeEmbeddings } {
  return { embeddings, key, queryPrefix: '', batchSize: 4, fake: embeddings };
}
