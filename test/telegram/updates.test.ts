// The queue polling and the webhook feed: a bounded number of updates at once, one chat's in order,
// a failing update logged and passed over.
import { describe, expect, it } from 'vitest';
import type { Update } from 'telegraf/types';
import { silentLogger } from '../../src/log.js';
import { orderKey, UpdateQueue } from '../../src/telegram/updates.js';

let nextId = 1;
const message = (chatId: number): Update =>
  ({ update_id: nextId++, message: { message_id: 1, date: 0, chat: { id: chatId, type: 'private' } } }) as never;

/** A handler that holds each update until the test releases it, recording what runs. */
function heldHandler() {
  const running = new Map<number, () => void>();
  const started: number[] = [];
  let most = 0;
  const handle = (update: Update) =>
    new Promise<void>((resolve) => {
      started.push(update.update_id);
      running.set(update.update_id, resolve);
      most = Math.max(most, running.size);
    });
  const release = (id: number): void => {
    running.get(id)?.();
    running.delete(id);
  };
  return { handle, release, started, running, most: () => most };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the update queue', () => {
  it('handles at most the set number of updates at once, and the rest as they finish', async () => {
    const held = heldHandler();
    const queue = new UpdateQueue({ handle: held.handle, maxInFlight: 2, log: silentLogger });
    const updates = [1, 2, 3, 4, 5].map((chat) => message(chat));
    for (const update of updates) queue.push(update);
    await settle();
    expect(held.started).toEqual([updates[0]!.update_id, updates[1]!.update_id]);
    expect(queue.size).toBe(5);
    for (const update of updates) {
      held.release(update.update_id);
      await settle();
    }
    await queue.idle();
    expect(held.started).toHaveLength(5);
    expect(held.most()).toBe(2);
  });

  it("keeps one chat's updates in order while other chats go ahead", async () => {
    const held = heldHandler();
    const queue = new UpdateQueue({ handle: held.handle, maxInFlight: 8, log: silentLogger });
    const first = message(7);
    const second = message(7);
    const other = message(8);
    for (const update of [first, second, other]) queue.push(update);
    await settle();
    expect(held.started).toEqual([first.update_id, other.update_id]);
    held.release(first.update_id);
    await settle();
    expect(held.started).toEqual([first.update_id, other.update_id, second.update_id]);
    held.release(second.update_id);
    held.release(other.update_id);
    await queue.idle();
  });

  it('logs an update that fails and goes on with the next', async () => {
    const errors: string[] = [];
    const log = { ...silentLogger, error: (obj: unknown) => errors.push(JSON.stringify(obj)) } as typeof silentLogger;
    const handled: number[] = [];
    const queue = new UpdateQueue({
      handle: (update) => {
        if (handled.length === 0) {
          handled.push(update.update_id);
          return Promise.reject(new Error('boom'));
        }
        handled.push(update.update_id);
        return Promise.resolve();
      },
      log,
    });
    queue.push(message(9));
    queue.push(message(9));
    await queue.idle();
    expect(handled).toHaveLength(2);
    expect(errors.join('\n')).toMatch(/boom/);
  });

  it('orders button presses by their chat and inline queries by their sender', () => {
    const press = { update_id: 1, callback_query: { from: { id: 5 }, message: { chat: { id: -9 } } } } as never;
    const inline = { update_id: 2, inline_query: { from: { id: 5 } } } as never;
    expect(orderKey(press)).toBe('chat:-9');
    expect(orderKey(inline)).toBe('user:5');
    expect(orderKey({ update_id: 3 } as never)).toBe('update:3');
  });
});
