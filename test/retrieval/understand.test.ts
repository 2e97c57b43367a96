import { describe, expect, it } from 'vitest';
import { parsePeriod, statesOtherPeriod } from '../../src/retrieval/periods.js';
import { detectLanguage, looksLikePinyin, understandQuestion } from '../../src/retrieval/understand.js';
import { buildVocabulary } from '../../src/vector-store/vocabulary.js';
import { loadArticles } from '../../src/ingestion/load.js';
import { seedsDir } from '../helpers.js';

const { articles } = await loadArticles(seedsDir);
const vocabulary = buildVocabulary(articles.map((a) => `${a.title}\n${a.text}`));

describe('question understanding', () => {
  it('tells Chinese from English questions', () => {
    expect(detectLanguage('佳木斯一季度签约了多少项目？')).toBe('zh');
    expect(detectLanguage('how much did Jiamusi sign in Q1?')).toBe('en');
    expect(detectLanguage('What did 佳木斯 sign in Q1 2022?')).toBe('en');
  });

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
    expect(understandQuestion('What is the population of Harbin?', vocabulary).names.map((n) => n.name)).toEqual(['哈尔滨']);
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
});

describe('time periods', () => {
  const now = new Date('2026-11-22T00:00:00Z');
  it.each([
    ['Q1 2022', { year: 2022, from: '2022-01-01', to: '2022-03-31' }],
    ['2022年一季度', { year: 2022, from: '2022-01-01', to: '2022-03-31' }],
    ['虎年首季', { year: undefined, from: undefined, to: undefined }],
    ['2021年上半年', { year: 2021, from: '2021-01-01', to: '2021-06-30' }],
    ['the first half of 2023', { year: 2023, from: '2023-01-01', to: '2023-06-30' }],
    ['2022年', { year: 2022, from: '2022-01-01', to: '2022-12-31' }],
    ['last year', { year: 2025, from: '2025-01-01', to: '2025-12-31' }],
    ['March 2023', { year: 2023, from: '2023-03-01', to: '2023-03-31' }],
    ['2022年1-6月', { year: 2022, from: '2022-01-01', to: '2022-06-30' }],
  ])('reads "%s" as a date range', (text, expected) => {
    expect(parsePeriod(text, now)).toMatchObject(expected);
  });

  it('reads runs of months in both languages as one period with the ways articles write it', () => {
    const janFeb = parsePeriod('2023年1-2月高技术制造业实际使用外资增长多少？', now);
    expect(janFeb).toMatchObject({ year: 2023, from: '2023-01-01', to: '2023-02-28' });
    expect(janFeb?.terms).toEqual(expect.arrayContaining(['1—2月', '前两个月']));
    expect(parsePeriod('How much foreign capital did China use in January-February 2023?', now)).toMatchObject({ from: '2023-01-01', to: '2023-02-28' });
    expect(parsePeriod("Guangdong's fixed-asset investment growth in January-February 2021", now)).toMatchObject({ from: '2021-01-01', to: '2021-02-28' });
    expect(parsePeriod('first five months of 2022', now)).toMatchObject({ from: '2022-01-01', to: '2022-05-31' });
    expect(parsePeriod('前三季度全国实际使用外资多少？', now)?.terms).toContain('1-9月');
    expect(parsePeriod('2022年1—6月', now)?.terms).toContain('上半年');
  });

  it('tells a sentence about another period from one about the asked period, a part of it, or none', () => {
    const janFeb = parsePeriod('2023年1-2月', now)!;
    expect(statesOtherPeriod('今年前6个月，全省高技术产业实际使用外资同比增长68%', janFeb)).toBe(true);
    expect(statesOtherPeriod('今年1—2月，全国实际使用外资金额2684.4亿元', janFeb)).toBe(false);
    expect(statesOtherPeriod('高技术制造业增长68.9%', janFeb)).toBe(false);
    expect(statesOtherPeriod('3月18日，商务部发布数据', janFeb)).toBe(false);
    const year = parsePeriod('2022年', now)!;
    expect(statesOtherPeriod('上半年签约项目11个', year)).toBe(false);
    expect(statesOtherPeriod('2021年签约项目11个', year)).toBe(true);
    expect(statesOtherPeriod('安排了2000万元以上的重点交通项目16项', year)).toBe(false);
    expect(statesOtherPeriod('离岸人民币兑美元升至6.3512，为2018年以来最高水平', parsePeriod('2021年12月8日', now)!)).toBe(false);
  });

  it('reads each side of a comparison that says more than a name on its own', () => {
    const sides = understandQuestion("Compare Jiamusi's signings in Q1 2022 with Qiqihar's investment total in 2020", vocabulary).sides;
    expect(sides.map((s) => [s.names.map((n) => n.name), s.period?.label])).toEqual([
      [['佳木斯'], 'Q1 2022'],
      [['齐齐哈尔'], '2020'],
    ]);
    expect(understandQuestion('佳木斯和齐齐哈尔哪个招商签约投资总额更大？', vocabulary).sides).toEqual([]);
    expect(understandQuestion('佳木斯一季度签约了多少个项目？', vocabulary).sides).toEqual([]);
  });

  it('gives the words articles use for a quarter', () => {
    expect(parsePeriod('Q1', now)?.terms).toEqual(expect.arrayContaining(['一季度', '首季']));
    expect(parsePeriod('没有时间的问题', now)).toBeUndefined();
  });
});
