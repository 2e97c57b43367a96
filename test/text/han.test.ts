import { describe, expect, it } from 'vitest';
import { countHan, HAN_CHARS, hanRuns, hasHan, isHanWord } from '../../src/text/han.js';

describe('Han characters', () => {
  it('tells text holding Chinese characters from text without them', () => {
    expect(hasHan('招商引资')).toBe(true);
    expect(hasHan('Q1 签约 2022')).toBe(true);
    expect(hasHan('how much, 100%?')).toBe(false);
    // Full-width punctuation is not writing.
    expect(hasHan('，。？')).toBe(false);
  });

  it('counts Chinese characters only', () => {
    expect(countHan('签约11个项目, total')).toBe(5);
    expect(countHan('')).toBe(0);
  });

  it('takes a word to be Chinese only when every character is', () => {
    expect(isHanWord('一季度')).toBe(true);
    expect(isHanWord('1-3月')).toBe(false);
    expect(isHanWord('签约 ')).toBe(false);
    expect(isHanWord('')).toBe(false);
  });

  it('finds unbroken runs of Chinese, at least as long as asked', () => {
    expect(hanRuns('What did 佳木斯 sign in 一季度?')).toEqual(['佳木斯', '一季度']);
    expect(hanRuns('个 project, 两个 parts', 2)).toEqual(['两个']);
    expect(hanRuns('no Chinese here')).toEqual([]);
  });

  it('gives a character class that larger patterns are built from', () => {
    const counted = new RegExp(`多少个([${HAN_CHARS}]+)`);
    expect(counted.exec('签约了多少个项目？')?.[1]).toBe('项目');
  });
});
