// Long polling that does not wait for answers: each batch of updates is queued (handled side by side,
// in order within a chat) and the next getUpdates goes out at once, unless too many are waiting.
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { UpdateQueue } from './updates.js';

/** Seconds one getUpdates call waits for updates (Telegram's long-polling timeout). */
const POLL_TIMEOUT_S = 50;

/** Longest wait for confirming the updates taken when polling stops. */
const OFFSET_SYNC_TIMEOUT_MS = 2000;

/** Updates waiting or being handled before polling waits for some to finish. */
export const MAX_PENDING_UPDATES = 100;

export interface PollOptions {
  /** The bot's client (its calls retried; see retry.ts). */
  telegram: Telegram;
  queue: UpdateQueue;
  allowedUpdates: readonly string[];
  /** Stops polling (SIGINT/SIGTERM). */
  signal: AbortSignal;
  /** Updates waiting or being handled before the next getUpdates waits. Default MAX_PENDING_UPDATES. */
  maxPending?: number;
}

/**
 * Polls until `signal` aborts; throws what Telegram refuses for good (401 bad token, 409 another
 * instance polling). On stop, confirms the updates taken so a restart does not see them again.
 */
export async function pollUpdates(options: PollOptions): Promise<void> {
  const { telegram, queue, signal } = options;
  let offset = 0;
  try {
    while (!signal.aborted) {
      await queue.below(options.maxPending ?? MAX_PENDING_UPDATES);
      let updates: Update[];
      try {
        updates = await telegram.callApi(
          'getUpdates',
          { timeout: POLL_TIMEOUT_S, offset, allowed_updates: [...options.allowedUpdates] as never },
          // telegraf types the polyfill's signal; its fetch takes the built-in one alike.
          { signal: signal as never },
        );
      } catch (error) {
        if (signal.aborted) break;
        throw error;
      }
      for (const update of updates) {
        offset = Math.max(offset, update.update_id + 1);
        queue.push(update);
      }
    }
  } finally {
    // Bounded: an unreachable Telegram must not hold up the stop (getUpdates is otherwise retried).
    const syncSignal = AbortSignal.timeout(OFFSET_SYNC_TIMEOUT_MS) as never;
    if (offset > 0)
      await telegram.callApi('getUpdates', { offset, limit: 1 }, { signal: syncSignal }).catch(() => undefined);
  }
}
