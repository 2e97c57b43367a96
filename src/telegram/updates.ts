// Updates handled side by side: a bounded number at once, in arrival order within one chat, so one
// slow answer never holds up other chats and a chat's messages are still answered in the order sent.
// Polling and the webhook both feed this queue; a failing update is logged and never stops it.
import type { Update } from 'telegraf/types';
import { scrubSecrets, type Logger } from '../log.js';

export interface UpdateQueueOptions {
  /** Handles one update (bot.handleUpdate). */
  handle: (update: Update) => Promise<void>;
  /** Updates handled at once, at most. Default 8. */
  maxInFlight?: number;
  log: Logger;
}

/** Default number of updates handled at once. */
export const MAX_UPDATES_IN_FLIGHT = 8;

type Loose = Record<
  string,
  { chat?: { id?: unknown }; from?: { id?: unknown }; message?: { chat?: { id?: unknown } } }
>;

/**
 * The order an update must keep: its chat's (messages, button presses under a message), else its
 * sender's (inline queries), else none (its own key).
 */
export function orderKey(update: Update): string {
  const u = update as unknown as Loose;
  const chat =
    u.message?.chat?.id ??
    u.edited_message?.chat?.id ??
    u.channel_post?.chat?.id ??
    u.callback_query?.message?.chat?.id ??
    u.my_chat_member?.chat?.id;
  if (typeof chat === 'number') return `chat:${chat}`;
  const from = u.inline_query?.from?.id ?? u.callback_query?.from?.id ?? u.chosen_inline_result?.from?.id;
  if (typeof from === 'number') return `user:${from}`;
  return `update:${update.update_id}`;
}

export class UpdateQueue {
  /** Updates not started yet, per order key; a Map keeps the keys in arrival order. */
  private readonly waiting = new Map<string, Update[]>();
  /** Keys with an update being handled: their next update waits for it. */
  private readonly busy = new Set<string>();
  private readonly maxInFlight: number;
  private inFlight = 0;
  private queued = 0;
  private listeners: Array<() => void> = [];

  constructor(private readonly options: UpdateQueueOptions) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? MAX_UPDATES_IN_FLIGHT);
  }

  /** Updates waiting or being handled. */
  get size(): number {
    return this.queued + this.inFlight;
  }

  push(update: Update): void {
    const key = orderKey(update);
    const list = this.waiting.get(key);
    if (list) list.push(update);
    else this.waiting.set(key, [update]);
    this.queued += 1;
    this.pump();
  }

  /** Resolves once fewer than `limit` updates are waiting or being handled. */
  async below(limit: number): Promise<void> {
    while (this.size >= limit) await new Promise<void>((resolve) => this.listeners.push(resolve));
  }

  /** Resolves once every update pushed so far has been handled. */
  idle(): Promise<void> {
    return this.below(1);
  }

  private pump(): void {
    for (const [key, list] of this.waiting) {
      if (this.inFlight >= this.maxInFlight) return;
      if (this.busy.has(key)) continue;
      const update = list.shift();
      if (list.length === 0) this.waiting.delete(key);
      if (!update) continue;
      this.queued -= 1;
      this.inFlight += 1;
      this.busy.add(key);
      void this.run(key, update);
    }
  }

  private async run(key: string, update: Update): Promise<void> {
    try {
      await this.options.handle(update);
    } catch (error) {
      // bot.catch handles what the features throw; this is what escaped it (even the apology failed).
      const message = scrubSecrets(error instanceof Error ? error.message : String(error));
      this.options.log.error({ updateId: update.update_id, err: { message } }, 'an update failed outside the bot');
    } finally {
      this.inFlight -= 1;
      this.busy.delete(key);
      this.pump();
      const listeners = this.listeners;
      this.listeners = [];
      for (const listener of listeners) listener();
    }
  }
}
