// Telegram 429s are retried after the retry_after Telegram asks for, and network failures with
// backoff. Only this bot's clients are wrapped: bot.telegram (polling, launch, the command menu) when
// the bot is built, and the client telegraf builds for each update (ctx.telegram) by the bot's first
// middleware. Nothing else in the process is touched.
import { setTimeout as sleep } from 'node:timers/promises';
import { TelegramError, type Context, type MiddlewareFn, type Telegram } from 'telegraf';
import type { Logger } from '../log.js';

/** Attempts per call before the error is passed on (getUpdates retries until polling stops). */
const MAX_ATTEMPTS = 4;
/** Longest wait Telegram may ask for that we honour inside one call. */
const MAX_RETRY_AFTER_S = 60;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/** Error codes of a connection that failed or dropped (node-fetch and undici spell them alike). */
const NETWORK_ERROR_CODE = /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|UND_ERR)/;

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return error.name === 'FetchError' || (typeof code === 'string' && NETWORK_ERROR_CODE.test(code));
}

/** Whether another try may help, and after how long: Telegram's own retry_after, else a growing backoff. */
function planRetry(error: unknown, attempt: number): { waitMs: number; slowDown: boolean } | undefined {
  if (error instanceof TelegramError && error.code === 429) {
    const retryAfterS = Math.min(Number(error.parameters?.retry_after ?? 1), MAX_RETRY_AFTER_S);
    return { waitMs: retryAfterS * 1000, slowDown: true };
  }
  const serverError = error instanceof TelegramError && error.code >= 500;
  if (!isNetworkError(error) && !serverError) return undefined;
  return { waitMs: Math.min(FIRST_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS), slowDown: false };
}

type CallApi = Telegram['callApi'];

const wrapped = new WeakSet<Telegram>();

/** Makes one Telegram client retry its calls; wrapping a client twice changes nothing. */
export function retryTelegramCalls(telegram: Telegram, log: Logger): Telegram {
  if (wrapped.has(telegram)) return telegram;
  wrapped.add(telegram);
  const callOnce = telegram.callApi.bind(telegram) as (...args: Parameters<CallApi>) => Promise<unknown>;
  const callWithRetries = async (...args: Parameters<CallApi>): Promise<unknown> => {
    const [method, , options] = args;
    // Polling passes the signal that stops it; a wait ends as soon as polling is stopped.
    const signal = options?.signal as AbortSignal | undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await callOnce(...args);
      } catch (error) {
        if (signal?.aborted) throw error;
        const retry = planRetry(error, attempt);
        if (!retry || (method !== 'getUpdates' && attempt >= MAX_ATTEMPTS)) throw error;
        const { waitMs } = retry;
        if (retry.slowDown) {
          const retryAfter = waitMs / 1000;
          const text = `Telegram asked to slow down; retrying ${method} in ${retryAfter} s`;
          log.warn({ method, retryAfter, attempt }, text);
        } else {
          log.warn({ method, attempt, waitMs }, `Telegram unreachable during ${method}; retrying in ${waitMs} ms`);
        }
        await sleep(waitMs, undefined, signal ? { signal } : {});
      }
    }
  };
  // Methods of the client call this.callApi, so an own property wraps every one of them.
  telegram.callApi = callWithRetries as CallApi;
  return telegram;
}

/** The first middleware: the client telegraf built for this update retries too. */
export function retryMiddleware(log: Logger): MiddlewareFn<Context> {
  return (ctx, next) => {
    retryTelegramCalls(ctx.telegram, log);
    return next();
  };
}
