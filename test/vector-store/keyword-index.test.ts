import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/text/words.js';
import { KeywordIndex, type SerializedKeywordIndex } from '../../src/vector-store/keyword-index.js';

const texts = [
  '佳木斯市一季度签约11个项目，投资总额30.97亿元。',
  '齐齐哈尔市通过云上签约落户项目，投资总额达172亿元。',
  '龙江县与香港金马兴牧集团签约肉牛养殖屠宰项目。',
];

describe('the BM25 keyword index', () => {
  it('ranks the document holding the rare words first', () => {
    const index = KeywordIndex.build(texts);
    const hits = index.search(['佳木斯', '签约', '项目'], 3);
    expect(hits[0]?.doc).toBe(0);
    expect(hits.map((h) => h.doc).sort()).toEqual([0, 1, 2]);
    expect(index.documentFrequency('签约')).toBe(3);
    expect(index.idf('佳木斯')).toBeGreaterThan(index.idf('签约'));
  });

  it('adds documents by cutting only them into words, giving the index of all the texts', () => {
    const cut: string[] = [];
    const split = (text: string): string[] => {
      cut.push(text);
      return tokenize(text);
    };
    const base = KeywordIndex.build(texts.slice(0, 2), split);
    cut.length = 0;
    const extended = base.withAdded(texts.slice(2), split);
    expect(cut).toEqual(texts.slice(2));
    const whole = KeywordIndex.build(texts);
    expect(extended.toJSON()).toEqual(whole.toJSON());
    expect(extended.search(['肉牛', '签约'], 3)).toEqual(whole.search(['肉牛', '签约'], 3));
    // The index it started from is left as it was, since it may still be served.
    expect(base.size).toBe(2);
    expect(base.search(['肉牛'], 3)).toEqual([]);
  });

  it('saves piece by piece and loads back to the same results', () => {
    const index = KeywordIndex.build(texts);
    const saved = JSON.parse([...index.jsonPieces()].join('')) as SerializedKeywordIndex;
    expect(saved).toEqual(JSON.parse(JSON.stringify(index.toJSON())));
    const loaded = KeywordIndex.fromJSON(saved);
    for (const terms of [['佳木斯', '签约'], ['172亿元'], ['肉牛', '香港']]) {
      expect(loaded.search(terms, 3)).toEqual(index.search(terms, 3));
    }
  });

  it('still reads indexes saved in the first format', () => {
    const old: SerializedKeywordIndex = {
      version: 1,
      lengths: [3, 2],
      postings: {
        签约: [
          [0, 1],
          [1, 2],
        ],
        龙江: [[1, 1]],
      },
    };
    const index = KeywordIndex.fromJSON(old);
    expect(index.documentFrequency('签约')).toBe(2);
    expect(index.search(['龙江'], 2).map((h) => h.doc)).toEqual([1]);
  });
});
