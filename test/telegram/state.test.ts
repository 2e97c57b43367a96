import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { AnswerMemory } from '../../src/telegram/state.js';

const answer = (text: string): Answer => ({ status: 'answered', question: 'q', language: 'zh', text, citations: [] });

describe('the answers behind the passages button', () => {
  it('recalls a recent answer by its key and forgets one beyond its capacity', () => {
    const memory = new AnswerMemory(2);
    const first = memory.remember(answer('one'));
    const second = memory.remember(answer('two'));
    expect(memory.recall(first)?.text).toBe('one');
    const third = memory.remember(answer('three'));
    expect(memory.recall(second)).toBeUndefined();
    expect(memory.recall(first)?.text).toBe('one');
    expect(memory.recall(third)?.text).toBe('three');
  });

  it('knows nothing of a key it never gave', () => {
    expect(new AnswerMemory().recall('zzzz')).toBeUndefined();
  });
});
