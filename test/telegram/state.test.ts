import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { AnswerMemory } from '../../src/telegram/state.js';

const answer = (text: string): Answer => ({ status: 'answered', question: 'q', language: 'zh', text, citations: [] });

describe('the answers behind the passages button', () => {
  it('recalls a recent answer by its key and forgets one beyond its capacity', () => {
    const memory = new AnswerMemory(2);
    const first = memory.remember(answer('one'), 5);
    const second = memory.remember(answer('two'), 5);
    expect(memory.recall(first, 5)?.text).toBe('one');
    const third = memory.remember(answer('three'), 5);
    expect(memory.recall(second, 5)).toBeUndefined();
    expect(memory.recall(first, 5)?.text).toBe('one');
    expect(memory.recall(third, 5)?.text).toBe('three');
  });

  it('knows nothing of a key it never gave, nor of its own keys in another chat', () => {
    const memory = new AnswerMemory();
    const key = memory.remember(answer('one'), 5);
    expect(memory.recall('zzzz', 5)).toBeUndefined();
    expect(memory.recall(key, 6)).toBeUndefined();
    expect(memory.recall(key, undefined)).toBeUndefined();
  });
});
