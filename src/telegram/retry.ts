// Telegram 429s are retried after the retry_after Telegram asks for, and network failures with
// backoff. telegraf builds a new Telegram client per update, so the one place every call passes
// through is Telegram.prototype.callApi; this wraps it once.
import { Telegram, TelegramError } from 'telegraf';
import type { Logger } from '../log.js';

/** Attempts per call before the error is passed on (getUpdates retries until polling stops). */
const MAX_ATTEMPTS = 4;
/** Longest wait Telegram may ask for that we honour inside one call. */
const MAX_RETRY_AFTER_S = 60;
const MAX_BACKOFF_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    error.name === 'FetchError' ||
    (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|UND_ERR)/.test(code))
  );
}

let installed = false;
let log: Logger | undefined;

type CallApi = Telegram['callApi'];

export function installTelegramRetry(logger: Logger): void {
  log = logger;
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with .call below
  const original: CallApi = Telegram.prototype.callApi;
  const retrying = async function (this: Telegram, ...args: Parameters<CallApi>): Promise<unknown> {
    const [method, , options] = args;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await (original as (...a: Parameters<CallApi>) => Promise<unknown>).apply(this, args);
      } catch (error) {
        const signal = (options as { signal?: AbortSignal } | undefined)?.signal;
        if (signal?.aborted) throw error;
        const polling = method === 'getUpdates';
        if (error instanceof TelegramError && error.code === 429) {
          const retryAfter = Math.min(Number(error.parameters?.retry_after ?? 1), MAX_RETRY_AFTER_S);
          if (!polling && attempt >= MAX_ATTEMPTS) throw error;
          log?.warn({ method, retryAfter, attempt }, `Telegram asked to slow down; retrying ${method} in ${retryAfter} s`);
          await sleep(retryAfter * 1000);
          continue;
        }
        const serverError = error instanceof TelegramError && error.code >= 500;
        if (isNetworkError(error) || serverError) {
          if (!polling && attempt >= MAX_ATTEMPTS) throw error;
          const wait = Math.min(500 * 2 ** (attempt - 1), MAX_BACKOFF_MS);
          log?.warn({ method, attempt, waitMs: wait }, `Telegram unreachable during ${method}; retrying in ${wait} ms`);
          await sleep(wait);
          continue;
        }
        throw error;
      }
    }
  };
  Telegram.prototype.callApi = retrying as unknown as CallApi;
}
