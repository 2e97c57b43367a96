// Reads article files in a worker thread with a time budget per file: the event loop stays free for
// the bot's users while a file is parsed, and a file that takes too long (or too much memory) is
// refused by terminating its worker, which the next file replaces.
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../worker-thread.js';
import type { ParseOutcome } from './parse.js';

/** Longest time one file may take to decode and parse. */
export const PARSE_TIMEOUT_MS = 10_000;
/** Heap a worker may use; reading a file within the size budget needs far less. */
const WORKER_HEAP_MB = 512;

export interface ParseRequest {
  id: number;
  /** The file's path relative to DOCS_DIR (it gives the article its id). */
  file: string;
  bytes: Uint8Array;
}

export interface ParseResponse {
  id: number;
  outcome: ParseOutcome;
}

export interface ParserThreadOptions {
  /** Time budget per file in milliseconds. Default `PARSE_TIMEOUT_MS`. */
  timeoutMs?: number;
}

export interface ParserThread {
  /** Decodes and parses one file's bytes; a file over the time budget gives a reason, not a hang. */
  parse(file: string, bytes: Uint8Array): Promise<ParseOutcome>;
  /** Stops the worker. */
  close(): Promise<void>;
}

function startWorker(): Worker {
  return startModuleWorker(import.meta.url, 'parse-worker', {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** A parser thread; one file at a time (calls queue), the worker started on first use. */
export function createParserThread(options: ParserThreadOptions = {}): ParserThread {
  const timeoutMs = options.timeoutMs ?? PARSE_TIMEOUT_MS;
  /** A worker and, once it has loaded its modules, undefined, or why it could not start. */
  type Started = { thread: Worker; ready: Promise<string | undefined> };
  let worker: Started | undefined;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();

  const start = (): Started => {
    const thread = startWorker();
    const ready = new Promise<string | undefined>((resolve) => {
      const settle = (failure: string | undefined): void => {
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
        resolve(failure);
      };
      const onMessage = (message: unknown): void => {
        if (message === 'ready') settle(undefined);
      };
      const onError = (error: Error): void => settle(error.message);
      const onExit = (): void => settle('it stopped while starting');
      thread.on('message', onMessage);
      thread.on('error', onError);
      thread.on('exit', onExit);
    });
    return { thread, ready };
  };

  const parseNow = async (file: string, bytes: Uint8Array): Promise<ParseOutcome> => {
    const started = (worker ??= start());
    const current = started.thread;
    current.ref();
    const failure = await started.ready;
    if (failure !== undefined) {
      if (worker === started) worker = undefined;
      void current.terminate();
      return { ok: false, reason: `the file reader could not start: ${failure}` };
    }
    const id = nextId++;
    return new Promise<ParseOutcome>((resolve) => {
      const finish = (outcome: ParseOutcome, stop: boolean): void => {
        clearTimeout(timer);
        current.off('message', onMessage);
        current.off('error', onError);
        current.off('exit', onExit);
        if (stop) {
          if (worker?.thread === current) worker = undefined;
          void current.terminate();
        } else {
          current.unref();
        }
        resolve(outcome);
      };
      const onMessage = (response: ParseResponse): void => {
        if (response.id === id) finish(response.outcome, false);
      };
      const onError = (error: Error): void => {
        const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        const reason = outOfMemory ? 'reading it needs too much memory' : `could not be read: ${error.message}`;
        finish({ ok: false, reason }, true);
      };
      const onExit = (): void => finish({ ok: false, reason: 'the reader stopped unexpectedly' }, true);
      const timer = setTimeout(
        () => finish({ ok: false, reason: `reading it took longer than ${seconds(timeoutMs)}` }, true),
        timeoutMs,
      );
      current.on('message', onMessage);
      current.on('error', onError);
      current.on('exit', onExit);
      current.postMessage({ id, file, bytes } satisfies ParseRequest);
    });
  };

  return {
    parse: (file, bytes) => {
      const result = queue.then(() => parseNow(file, bytes));
      queue = result.catch(() => undefined);
      return result;
    },
    close: async () => {
      await queue;
      const current = worker;
      worker = undefined;
      await current?.thread.terminate();
    },
  };
}
