import { describe, expect, it } from 'vitest';
import { looksLikePinyin, understandQuestion } from '../../src/retrieval/understand.js';
import { buildVocabulary } from '../../src/vector-store/vocabulary.js';
import { loadArticles } from '../../src/ingestion/load.js';
import { seedsDir } from '../helpers.js';

const { articles } = await loadArticles(seedsDir);
const vocabulary = buildVocabulary(articles.map((a) => `${a.title}\n${a.text}`));

describe('question understanding', () => {
  it('finds Chinese names from English and pinyin spellings in the corpus vocabulary', () => {
    const names = (q: string) => understandQuestion(q, vocabulary).names.map((n) => n.name);
    expect(names('how much did Jiamusi sign in Q1?')).toEqual(['佳木斯']);
    expect(names('What did Qiqihar sign during the pandemic?')).toEqual(['齐齐哈尔']);
    expect(names('Which company did Longjiang county sign with?')).toEqual(['龙江']);
    expect(names('jiamusi projects')).toEqual(['佳木斯']);
    expect(names('What did 佳木斯 sign in Q1 2022?')).toEqual(['佳木斯']);
  });

  it('maps domain words through the glossary into Chinese search terms', () => {
    const understanding = understandQuestion('How much investment did Jiamusi sign in Q1 2022?', vocabulary);
    expect(understanding.searchText).toContain('签约');
    expect(understanding.searchText).toContain('投资');
    expect(understanding.terms).toEqual(expect.arrayContaining(['佳木斯', '签约', '一季度']));
    expect(understanding.wantsFigure).toBe(true);
    expect(understanding.figureKinds).toContain('amount');
  });

  it('reports Chinese names the corpus does not know, so an answer can decline', () => {
    const understanding = understandQuestion('大庆市2021年招商引资签约金额是多少？', vocabulary);
    expect(understanding.names).toEqual([{ name: '大庆', asked: '大庆市', known: false }]);
    const harbin = understandQuestion('What is the population of Harbin?', vocabulary);
    expect(harbin.names.map((n) => n.name)).toEqual(['哈尔滨']);
    expect(understandQuestion('How much did Daqing sign?', vocabulary).unknownNames).toEqual(['Daqing']);
    expect(understandQuestion('What did Tesla invest in Jiamusi?', vocabulary).unknownNames).toEqual(['Tesla']);
  });

  it('reads a capitalised word after a known name as part of it, and Title Case as no names at all', () => {
    expect(understandQuestion('What did Jiamusi Municipality sign in Q1?', vocabulary).unknownNames).toEqual([]);
    expect(understandQuestion('How Much Did Jiamusi Sign In The First Quarter?', vocabulary).unknownNames).toEqual([]);
  });

  it('does not mistake common words tagged as places for names', () => {
    const names = understandQuestion('佳木斯和齐齐哈尔，哪个城市在报道中的签约投资总额更大？', vocabulary).names;
    expect(names.map((n) => n.name).sort()).toEqual(['佳木斯', '齐齐哈尔'].sort());
  });

  it('recognises pinyin-shaped words', () => {
    expect(looksLikePinyin('Daqing')).toBe(true);
    expect(looksLikePinyin('Suifenhe')).toBe(true);
    expect(looksLikePinyin('Expo')).toBe(false);
  });

  it('reads each side of a comparison that says more than a name on its own', () => {
    const question = "Compare Jiamusi's signings in Q1 2022 with Qiqihar's investment total in 2020";
    const sides = understandQuestion(question, vocabulary).sides;
    expect(sides.map((s) => [s.names.map((n) => n.name), s.period?.label])).toEqual([
      [['佳木斯'], 'Q1 2022'],
      [['齐齐哈尔'], '2020'],
    ]);
    expect(understandQuestion('佳木斯和齐齐哈尔哪个招商签约投资总额更大？', vocabulary).sides).toEqual([]);
    expect(understandQuestion('佳木斯一季度签约了多少个项目？', vocabulary).sides).toEqual([]);
  });
});
