import { describe, expect, it } from 'vitest';
import { cutWords, dictionaryFrequency, isPlaceStem, isProperName, tagWords, tokenize } from '../../src/text/words.js';

describe('word segmentation', () => {
  it('cuts search tokens the same way for articles and questions: lower case, no punctuation or stopwords', () => {
    const tokens = tokenize('一季度招商签约了多少个项目？What is the FDI');
    expect(tokens).toEqual(expect.arrayContaining(['一季度', '招商', '签约', '项目', 'fdi']));
    for (const dropped of ['了', '多少', '？', 'what', 'is', 'the', 'FDI']) expect(tokens).not.toContain(dropped);
  });

  it('cuts precise words as written and tags names', () => {
    expect(cutWords('一季度签约')).toEqual(['一季度', '签约']);
    expect(tagWords('哈尔滨').map((w) => [w.word, w.tag])).toEqual([['哈尔滨', 'ns']]);
  });

  it('tells proper names from common words that jieba tags as places', () => {
    expect(dictionaryFrequency('城市')).toBeGreaterThan(1500);
    expect(isProperName('城市', 'ns')).toBe(false);
    expect(isProperName('哈尔滨', 'ns')).toBe(true);
    expect(isProperName('龙江县', 'ns')).toBe(true);
    // The country as a whole is no place an article is about.
    expect(isProperName('中国', 'ns')).toBe(false);
    expect(isProperName('A1', 'ns')).toBe(false);
  });

  it('keeps the stem of a suffixed place as a name only when it is not a common word', () => {
    expect(isPlaceStem('哈尔滨')).toBe(true);
    expect(isPlaceStem('中心')).toBe(false);
    expect(isPlaceStem('黄')).toBe(false);
  });
});
