import { describe, expect, it } from 'vitest';
import { parsePeriod, publishedInWindow, statesOtherPeriod } from '../../src/retrieval/periods.js';

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
    expect(parsePeriod('How much foreign capital did China use in January-February 2023?', now)).toMatchObject({
      from: '2023-01-01',
      to: '2023-02-28',
    });
    expect(parsePeriod("Guangdong's fixed-asset investment growth in January-February 2021", now)).toMatchObject({
      from: '2021-01-01',
      to: '2021-02-28',
    });
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
    const day = parsePeriod('2021年12月8日', now)!;
    expect(statesOtherPeriod('离岸人民币兑美元升至6.3512，为2018年以来最高水平', day)).toBe(false);
  });

  it('gives the words articles use for a quarter', () => {
    expect(parsePeriod('Q1', now)?.terms).toEqual(expect.arrayContaining(['一季度', '首季']));
    expect(parsePeriod('没有时间的问题', now)).toBeUndefined();
  });

  it('takes an article published in the period, or up to about a year after it, as reporting on it', () => {
    const q1 = parsePeriod('Q1 2022', now)!;
    expect(publishedInWindow(q1, '2022-03-28')).toBe(true);
    expect(publishedInWindow(q1, '2021-12-28')).toBe(true);
    expect(publishedInWindow(q1, '2021-12-20')).toBe(false);
    expect(publishedInWindow(q1, '2023-03-01')).toBe(true);
    expect(publishedInWindow(q1, '2023-06-01')).toBe(false);
    expect(publishedInWindow(q1, undefined)).toBeUndefined();
    expect(publishedInWindow(parsePeriod('Q1', now)!, '2022-03-28')).toBeUndefined();
  });
});
