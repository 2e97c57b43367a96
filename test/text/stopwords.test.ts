import { describe, expect, it } from 'vitest';
import { CHINESE_STOPWORDS, ENGLISH_STOPWORDS, isStopword } from '../../src/text/stopwords.js';

describe('stopwords', () => {
  it('keeps one list per language', () => {
    expect(CHINESE_STOPWORDS.has('的')).toBe(true);
    expect(CHINESE_STOPWORDS.has('多少')).toBe(true);
    expect(ENGLISH_STOPWORDS.has('the')).toBe(true);
    expect(ENGLISH_STOPWORDS.has('please')).toBe(true);
    expect([...CHINESE_STOPWORDS].every((word) => /^[\u4e00-\u9fff]+$/.test(word))).toBe(true);
    expect([...ENGLISH_STOPWORDS].every((word) => /^[a-z]+$/.test(word))).toBe(true);
  });

  it('drops question and function words of either language, never content words', () => {
    for (const word of ['的', '哪个', 'what', 'how', 'much']) expect(isStopword(word), word).toBe(true);
    for (const word of ['签约', '项目', '投资', 'investment', 'fdi', '2022'])
      expect(isStopword(word), word).toBe(false);
  });
});
