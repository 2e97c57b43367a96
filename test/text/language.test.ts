import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/text/language.js';

describe('question language', () => {
  it('tells Chinese from English questions', () => {
    expect(detectLanguage('佳木斯一季度签约了多少项目？')).toBe('zh');
    expect(detectLanguage('how much did Jiamusi sign in Q1?')).toBe('en');
    expect(detectLanguage('What did 佳木斯 sign in Q1 2022?')).toBe('en');
  });

  it('counts a question with too few Chinese characters, or more Latin words than them, as English', () => {
    expect(detectLanguage('字 and more')).toBe('en');
    expect(detectLanguage('招商 GDP growth rate')).toBe('en');
    expect(detectLanguage('招商 GDP')).toBe('zh');
    expect(detectLanguage('')).toBe('en');
  });
});
