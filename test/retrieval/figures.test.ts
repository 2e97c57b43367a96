import { describe, expect, it } from 'vitest';
import { countedThing, countsThing, figureCore, findFigures, wantedFigureKinds } from '../../src/retrieval/figures.js';
import { GLOSSARY } from '../../src/retrieval/glossary.js';

const kinds = (text: string) => findFigures(text).map((f) => [f.text, f.kind]);

describe('figures in news text', () => {
  it('reads amounts, counts, percentages and measures as written', () => {
    expect(kinds('签约11个项目，投资总额30.97亿元，同比增长17.6%')).toEqual([
      ['11个项目', 'count'],
      ['30.97亿元', 'amount'],
      ['17.6%', 'percent'],
    ]);
    expect(kinds('二期建成后最终产能将达到15万辆/年，占地100万平方米')).toEqual([
      ['15万辆/年', 'measure'],
      ['100万平方米', 'measure'],
    ]);
  });

  it('reads a level reported without a unit', () => {
    expect(kinds('离岸人民币兑美元升至6.3512，为2018年以来最高水平')).toEqual([['6.3512', 'value']]);
  });

  it('takes a year for a date, not a measure', () => {
    expect(kinds('预计于2013年9月建成投产，经营期限30年')).toEqual([['30年', 'measure']]);
  });

  it('matches a figure with its headline form, hedges and rates aside', () => {
    expect(figureCore('超1.35万亿元')).toBe(figureCore('1.35万亿元'));
    expect(figureCore('15万辆/年')).toBe('15万辆');
    expect(figureCore('22亿元')).toBe(figureCore('22亿'));
    expect(figureCore('16项')).toBe(figureCore('16个'));
  });

  it('knows which kind of figure a question asks for', () => {
    expect(wantedFigureKinds('共有多少个项目？总投资多少？', 'zh')).toEqual(['amount', 'count']);
    expect(wantedFigureKinds('工厂建成后年产能多少？', 'zh')).toEqual(['measure']);
    expect(wantedFigureKinds("What is the annual capacity of Chery's plant in Brazil?", 'en')).toEqual(['measure']);
    expect(wantedFigureKinds('Did Jiamusi sign more than 10 projects in Q1 2022?', 'en')).toEqual(['count']);
  });

  it('counts only what the question counts', () => {
    expect(countedThing('齐齐哈尔一季度签约了多少个项目？', 'zh', GLOSSARY)).toEqual(['项目']);
    expect(countedThing('How many projects did Jiamusi sign in Q1?', 'en', GLOSSARY)).toEqual(['项目']);
    expect(countedThing('兴安盟4月底前开工了多少个亿元以上项目？', 'zh', GLOSSARY)).toContain('项目');
    expect(kinds('共11组项目')).toEqual([['11组项目', 'count']]);
    const sentence = '紧紧围绕12个重点产业，紧盯现有9个再谈项目，新开工项目61个';
    const counts = findFigures(sentence).filter((f) => countsThing(sentence, f, ['项目']));
    expect(counts.map((f) => f.text)).toEqual(['9个', '61个']);
    expect(findFigures(sentence).every((f) => countsThing(sentence, f, []))).toBe(true);
  });
});
