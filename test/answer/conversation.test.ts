import { describe, expect, it } from 'vitest';
import { ConversationStore, formatHistory } from '../../src/answer/conversation.js';

const HOUR_MS = 60 * 60 * 1000;

/** A clock the test moves by hand; it starts well after zero, as real clocks do. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_700_000_000_000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

const turn = (n: number) => ({ question: `q${n}`, standalone: `standalone ${n}`, answer: `answer ${n}` });

describe('conversation memory', () => {
  it('keeps the last three turns of each conversation, oldest first', () => {
    const store = new ConversationStore({ now: manualClock().now });
    for (let n = 1; n <= 5; n += 1) store.remember('chat', turn(n));
    store.remember('other', turn(9));
    expect(store.history('chat').map((t) => t.question)).toEqual(['q3', 'q4', 'q5']);
    expect(store.history('other').map((t) => t.question)).toEqual(['q9']);
    expect(store.history('nobody')).toEqual([]);
  });

  it('forgets turns an hour old, and a conversation idle for an hour', () => {
    const clock = manualClock();
    const store = new ConversationStore({ now: clock.now });
    store.remember('chat', turn(1));
    clock.advance(40 * 60 * 1000);
    store.remember('chat', turn(2));
    clock.advance(30 * 60 * 1000);
    // The first turn is 70 minutes old, the second 30.
    expect(store.history('chat').map((t) => t.question)).toEqual(['q2']);
    clock.advance(HOUR_MS - 30 * 60 * 1000 - 1);
    expect(store.history('chat').map((t) => t.question)).toEqual(['q2']);
    clock.advance(1);
    expect(store.history('chat')).toEqual([]);
    store.remember('chat', turn(3));
    expect(store.history('chat').map((t) => t.question)).toEqual(['q3']);
  });

  it('forgets a conversation on request (/new)', () => {
    const store = new ConversationStore({ now: manualClock().now });
    store.remember('chat', turn(1));
    store.forget('chat');
    expect(store.history('chat')).toEqual([]);
  });

  it('forgets the least recently used conversation when it holds too many', () => {
    const store = new ConversationStore({ now: manualClock().now, maxConversations: 2 });
    store.remember('a', turn(1));
    store.remember('b', turn(2));
    store.remember('c', turn(3));
    expect(store.history('a')).toEqual([]);
    expect(store.history('b').map((t) => t.question)).toEqual(['q2']);
    expect(store.history('c').map((t) => t.question)).toEqual(['q3']);
  });

  it('shows the follow-up prompt each standalone question with its answer on one line', () => {
    const store = new ConversationStore({ now: manualClock().now });
    store.remember('chat', { question: 'q', standalone: '一季度签约多少？', answer: '签约11个\n项目。[1]' });
    expect(formatHistory(store.history('chat'))).toBe('Q: 一季度签约多少？\nA: 签约11个 项目。[1]');
  });
});
