import { describe, expect, it } from 'vitest';
import {
  normaliseNumerals,
  readChineseInteger,
  readFigureValues,
  unsupportedFigures,
} from '../../src/answer/figure-values.js';

const values = (text: string) => readFigureValues(text).map((f) => [f.kind, f.unit, f.value]);

describe('figures read as values', () => {
  it('reads Chinese numerals', () => {
    expect(readChineseInteger('九百九十九')).toBe(999);
    expect(readChineseInteger('两千')).toBe(2000);
    expect(readChineseInteger('一万二千')).toBe(12000);
    expect(readChineseInteger('十一')).toBe(11);
    expect(readChineseInteger('一千零五')).toBe(1005);
    expect(readChineseInteger('一亿二千万')).toBe(120_000_000);
    expect(readChineseInteger('二〇二二')).toBe(2022);
    expect(readChineseInteger('十四五')).toBeUndefined();
  });

  it('normalises numerals in running text, scales and percentages kept as written', () => {
    expect(normaliseNumerals('投资总额达到九百九十九亿元')).toBe('投资总额达到999亿元');
    expect(normaliseNumerals('占比百分之八十，增长百分之三点五')).toBe('占比80%，增长3.5%');
    expect(normaliseNumerals('签约１１个项目，投资３０．９７亿元，共１，２００人')).toBe(
      '签约11个项目，投资30.97亿元，共1,200人',
    );
    expect(normaliseNumerals('三十点九七亿元')).toBe('30.97亿元');
    // A lone 一 is usually "a", not a figure, in a claim; evidence reads it as 1.
    expect(normaliseNumerals('一个重要项目', { loneOne: false })).toBe('一个重要项目');
    expect(normaliseNumerals('一个项目')).toBe('1个项目');
  });

  it('reads amounts in yuan whatever the scale or language', () => {
    expect(values('投资总额30.97亿元')).toEqual([['amount', 'CNY', 3_097_000_000]]);
    expect(values('共投资3,097,000,000元')).toEqual([['amount', 'CNY', 3_097_000_000]]);
    expect(values('worth 3.097 billion yuan')).toEqual([['amount', 'CNY', 3_097_000_000]]);
    expect(values('(≈ CNY 3.10 billion)')).toEqual([['amount', 'CNY', 3_100_000_000]]);
    expect(values('融资5亿美元')).toEqual([['amount', 'USD', 500_000_000]]);
    expect(values('投资一万二千元')).toEqual([['amount', 'CNY', 12_000]]);
  });

  it('reads counts, percentages and measures with their units', () => {
    expect(values('签约11个项目')).toEqual([['count', 'count', 11]]);
    expect(values('signed 11 projects')).toEqual([['count', 'count', 11]]);
    expect(values('同比增长17.6%，提高2个百分点')).toEqual([
      ['percent', '%', 17.6],
      ['percent', 'pp', 2],
    ]);
    expect(values('年产50万吨')).toEqual([['measure', 't', 500_000]]);
  });

  it('supports a figure only by the same value in the same unit family, within its rounding', () => {
    const source = '签约11个项目，投资总额30.97亿元，同比增长17.6%。';
    expect(unsupportedFigures('投资总额30.97亿元', source)).toEqual([]);
    expect(unsupportedFigures('投资总额约31亿元', source)).toEqual([]);
    expect(unsupportedFigures('30多亿元', source)).toEqual([]);
    expect(unsupportedFigures('超30亿元，近31亿元', source)).toEqual([]);
    expect(unsupportedFigures('more than 3 billion yuan', source)).toEqual([]);
    expect(unsupportedFigures('超31亿元', source)).toHaveLength(1);
    expect(unsupportedFigures('worth 3.097 billion yuan (≈ CNY 3.10 billion)', source)).toEqual([]);
    expect(unsupportedFigures('增长17.6%，签约十一个项目', source)).toEqual([]);
    for (const invented of [
      '投资总额达到九百九十九亿元',
      '占比百分之八十',
      '97亿元',
      '签约1个项目',
      '30亿元',
      '11亿元',
    ]) {
      expect(unsupportedFigures(invented, source).map((f) => f.text)).toHaveLength(1);
    }
    // A count is not an amount, and dollars are not yuan.
    expect(unsupportedFigures('11亿元', '签约11个项目')).toHaveLength(1);
    expect(unsupportedFigures('30.97亿美元', source)).toHaveLength(1);
  });
});

describe('counts compared with what they count', () => {
  it('supports a count only by a count of the same thing', () => {
    const source = '以一个《办法》两个《方案》推进，共签约项目11个，其中11个招商项目已开工。';
    expect(unsupportedFigures('签约1个项目', source)).toHaveLength(1);
    expect(unsupportedFigures('签约11个项目', source)).toEqual([]);
    expect(unsupportedFigures('signed 11 projects', source)).toEqual([]);
    expect(unsupportedFigures('signed 1 project', source)).toHaveLength(1);
    expect(unsupportedFigures('出台两个方案', source)).toEqual([]);
  });
});
