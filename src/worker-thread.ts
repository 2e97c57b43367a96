// Worker threads started from a module of this project, whether it runs compiled (.js) or as
// TypeScript under tsx (npm start, tests): CPU-heavy work runs in one so the bot's event loop stays free.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, Worker, type WorkerOptions } from 'node:worker_threads';

/** Where `import 'tsx/esm/api'` leads, from tsx's export map (its CommonJS build cannot register the loader). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  const entry = exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  return path.join(path.dirname(manifest), entry);
}

/**
 * Starts the worker module `name` found beside the module at `besideUrl`: `.js` when compiled, or
 * `.ts` loaded through tsx's loader, registered inside the worker (a worker does not inherit the
 * loader, and `--import tsx` in its execArgv is not honoured by Node 20).
 */
export function startModuleWorker(besideUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const extension = path.extname(fileURLToPath(besideUrl));
  const url = new URL(`./${name}${extension}`, besideUrl);
  if (extension !== '.ts') return new Worker(url, options);
  const tsxApi = pathToFileURL(tsxEsmApi()).href;
  const boot =
    `import(${JSON.stringify(tsxApi)})` +
    `.then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

/** What a one-job worker answers: its result, or why it failed. */
export type WorkerReply<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Runs the one-job worker module `name` (beside `besideUrl`) on `data` and gives its one reply; the
 * buffers in `transfer` are moved to it, not copied. A worker that fails or stops without
 * answering gives its reason.
 */
export async function runWorkerOnce<T>(
  besideUrl: string,
  name: string,
  data: unknown,
  transfer: ArrayBuffer[] = [],
): Promise<WorkerReply<T>> {
  let worker: Worker;
  try {
    worker = startModuleWorker(besideUrl, name, { workerData: data, transferList: transfer });
  } catch (error) {
    return { ok: false, reason: `the thread could not start: ${(error as Error).message}` };
  }
  const reply = await new Promise<WorkerReply<T>>((resolve) => {
    worker.once('message', resolve);
    worker.on('error', (error: Error) => resolve({ ok: false, reason: error.message }));
    worker.once('exit', (code) => resolve({ ok: false, reason: `the thread stopped (exit code ${code})` }));
  });
  void worker.terminate();
  return reply;
}

/** Answers the thread that started this one-job worker with what `job` gives or why it failed. */
export function replyOnce<T>(job: () => Promise<T>, transfer: (value: T) => ArrayBuffer[] = () => []): void {
  job().then(
    (value) => parentPort?.postMessage({ ok: true, value } satisfies WorkerReply<T>, transfer(value)),
    (error: unknown) =>
      parentPort?.postMessage({
        ok: false,
        reason: (error as Error).message ?? String(error),
      } satisfies WorkerReply<T>),
  );
}
