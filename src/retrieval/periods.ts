// Time expressions in questions (Q1, 一季度, 首季, 上半年, "first half", 2022年, "last year",
// March 2023) turned into a date range and the Chinese words articles use for that period.

export interface Period {
  /** Human label, e.g. "Q1 2022". */
  label: string;
  /** Chinese words the articles use for the period, added to the search. */
  terms: string[];
  year: number | undefined;
  /** ISO date range when the year is known. */
  from: string | undefined;
  to: string | undefined;
}

interface Span {
  label: string;
  terms: string[];
  startMonth: number;
  endMonth: number;
}

const QUARTERS: Span[] = [
  { label: 'Q1', terms: ['一季度', '首季', '第一季度', '1-3月', '1至3月'], startMonth: 1, endMonth: 3 },
  { label: 'Q2', terms: ['二季度', '第二季度', '4-6月'], startMonth: 4, endMonth: 6 },
  { label: 'Q3', terms: ['三季度', '第三季度', '7-9月'], startMonth: 7, endMonth: 9 },
  { label: 'Q4', terms: ['四季度', '第四季度', '10-12月'], startMonth: 10, endMonth: 12 },
];
const HALVES: Span[] = [
  { label: 'H1', terms: ['上半年', '1-6月', '1至6月'], startMonth: 1, endMonth: 6 },
  { label: 'H2', terms: ['下半年', '7-12月'], startMonth: 7, endMonth: 12 },
];

const FIRST_THREE_QUARTERS: Span = { label: 'Q1–Q3', terms: ['前三季度'], startMonth: 1, endMonth: 9 };

const PATTERNS: Array<[RegExp, Span]> = [
  [/前三季度|first three quarters|\bq1\s*[-–—]\s*q3\b/i, FIRST_THREE_QUARTERS],
  [/\bq1\b|first quarter|1st quarter|一季度|首季|第一季度|1\s*[-—–~～至到]\s*3\s*月/i, QUARTERS[0]!],
  [/\bq2\b|second quarter|2nd quarter|二季度|第二季度|4\s*[-—–~～至到]\s*6\s*月/i, QUARTERS[1]!],
  [/\bq3\b|third quarter|3rd quarter|三季度|第三季度|7\s*[-—–~～至到]\s*9\s*月/i, QUARTERS[2]!],
  [/\bq4\b|fourth quarter|4th quarter|四季度|第四季度|10\s*[-—–~～至到]\s*12\s*月/i, QUARTERS[3]!],
  [/\bh1\b|first half|上半年|1\s*[-—–~～至到]\s*6\s*月/i, HALVES[0]!],
  [/\bh2\b|second half|下半年/i, HALVES[1]!],
];

const CHINESE_NUMERALS = ['', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const ENGLISH_NUMBERS = [
  '',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];

/** The ways articles write a run of months: 1-2月, 1—2月, 1至2月, and from January 前两个月. */
function monthRangeTerms(start: number, end: number): string[] {
  const terms = ['-', '—', '至', '～'].map((dash) => `${start}${dash}${end}月`);
  if (start === 1) terms.push(`前${CHINESE_NUMERALS[end] ?? end}个月`, `前${end}个月`);
  if (start === 1 && end === 9) terms.push('前三季度');
  return terms;
}

/** The English name of month 1–12, capitalised: 5 → "May". */
function monthName(month: number): string {
  const name = MONTHS[month - 1] ?? '';
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function monthNumber(word: string): number | undefined {
  const lower = word.toLowerCase().replace(/\.$/, '');
  const index = MONTHS.findIndex((m) => m === lower || m.slice(0, 3) === lower);
  return index >= 0 ? index + 1 : undefined;
}

/** 1–12 written in Chinese numerals (两 or 二 for two) or digits. */
function chineseNumber(word: string): number {
  const index = CHINESE_NUMERALS.indexOf(word);
  if (index > 0) return index;
  return word === '二' ? 2 : Number(word);
}

/** A run of months: 1-2月, 1至5月, 前两个月, 前三季度, January-February, Jan to May, first five months. */
function findMonthRange(question: string): Span | undefined {
  let start: number | undefined;
  let end: number | undefined;
  const chinese = /(?<!\d)(1[0-2]|[1-9])\s*月?\s*[-—–~～至到]\s*(1[0-2]|[1-9])\s*月/.exec(question);
  const first = /前\s*(十[一二]?|[一二两三四五六七八九]|1[0-2]|[1-9])\s*个月/.exec(question);
  const english = [...question.matchAll(/\b([a-z]{3,9})\.?\s*(?:-|–|—|to|through|until)\s*([a-z]{3,9})\b/gi)].find(
    (m) => monthNumber(m[1] ?? '') !== undefined && monthNumber(m[2] ?? '') !== undefined,
  );
  const firstMonths = /\bfirst\s+(\w+)\s+months\b/i.exec(question);
  if (chinese) {
    start = Number(chinese[1]);
    end = Number(chinese[2]);
  } else if (first?.[1]) {
    start = 1;
    end = chineseNumber(first[1]);
  } else if (english) {
    start = monthNumber(english[1] ?? '');
    end = monthNumber(english[2] ?? '');
  } else if (firstMonths?.[1]) {
    start = 1;
    const word = firstMonths[1].toLowerCase();
    end = ENGLISH_NUMBERS.indexOf(word) > 0 ? ENGLISH_NUMBERS.indexOf(word) : Number(word);
  }
  if (start === undefined || end === undefined || !(end > start) || end > 12) return undefined;
  return {
    label: `${monthName(start).slice(0, 3)}–${monthName(end).slice(0, 3)}`,
    terms: monthRangeTerms(start, end),
    startMonth: start,
    endMonth: end,
  };
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_ABBREVIATIONS = MONTHS.map((m) => m.slice(0, 3));

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Units after a four-digit number that make it an amount, not a year (2000万元, 2010个). */
const AMOUNT_UNIT = '(?:万|亿|千|元|美元|个|家|项|名|人|吨|米|公里|亩|辆|台|%|％)';
const YEAR = new RegExp(`(?<![\\d.])((?:19|20)\\d{2})(?![\\d.])(?!\\s*(?:多|余)?\\s*${AMOUNT_UNIT})\\s*年?`);

function findYear(question: string, now: Date): number | undefined {
  const explicit = YEAR.exec(question);
  if (explicit?.[1]) return Number(explicit[1]);
  const current = now.getUTCFullYear();
  if (/去年|last year/i.test(question)) return current - 1;
  if (/前年|the year before last/i.test(question)) return current - 2;
  if (/今年|this year/i.test(question)) return current;
  return undefined;
}

function findMonth(question: string): number | undefined {
  const chinese = /(?<![\d-至到~])(1[0-2]|[1-9])\s*月(?![\d份]*\s*[-—–~～至到])/.exec(question);
  if (chinese?.[1]) return Number(chinese[1]);
  const lower = question.toLowerCase();
  for (let i = 0; i < 12; i += 1) {
    const full = MONTHS[i] ?? '';
    const short = MONTH_ABBREVIATIONS[i] ?? '';
    // "may" is also a verb: only count it next to a year or a day.
    const named =
      full === 'may'
        ? /\bmay\s+(\d{1,2}|(19|20)\d{2})\b/.test(lower)
        : new RegExp(`\\b(${full}|${short}\\.?)\\b`).test(lower);
    if (named) return i + 1;
  }
  return undefined;
}

/** The period a question asks about, if it names one. `now` resolves "last year". */
export function parsePeriod(question: string, now: Date = new Date()): Period | undefined {
  const year = findYear(question, now);
  const fixed = PATTERNS.find(([pattern]) => pattern.test(question))?.[1];
  const range = fixed ? undefined : findMonthRange(question);
  const span = fixed
    ? { ...fixed, terms: [...fixed.terms, ...monthRangeTerms(fixed.startMonth, fixed.endMonth)] }
    : range;
  if (span) {
    return {
      label: year ? `${span.label} ${year}` : span.label,
      terms: [...new Set(span.terms)],
      year,
      from: year ? iso(year, span.startMonth, 1) : undefined,
      to: year ? iso(year, span.endMonth, lastDay(year, span.endMonth)) : undefined,
    };
  }
  const month = findMonth(question);
  if (month !== undefined) {
    return {
      label: year ? `${year}-${String(month).padStart(2, '0')}` : monthName(month),
      terms: [`${month}月`],
      year,
      from: year ? iso(year, month, 1) : undefined,
      to: year ? iso(year, month, lastDay(year, month)) : undefined,
    };
  }
  if (year !== undefined) {
    return { label: String(year), terms: [`${year}年`], year, from: iso(year, 1, 1), to: iso(year, 12, 31) };
  }
  return undefined;
}

/** Days from `date` to the range: 0 inside, negative before it, positive after it. */
export function daysOutside(period: Period, date: string | undefined): number | undefined {
  if (!period.from || !period.to || !date) return undefined;
  const day = Date.parse(date);
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  if (day < from) return Math.round((day - from) / 86_400_000);
  if (day > to) return Math.round((day - to) / 86_400_000);
  return 0;
}

/**
 * Whether an article published on `date` can report on the period: published inside it, or in the
 * year after it (reviews and annual figures come later), but not before it.
 */
export function publishedInWindow(period: Period, date: string | undefined): boolean | undefined {
  const days = daysOutside(period, date);
  if (days === undefined) return undefined;
  return days >= -7 && days <= 400;
}

/**
 * Whether a sentence states a period other than the one asked about: the first six months or the
 * first three quarters for a question about January–February, another year for a question about
 * one year. Dates (M月D日) and relative years (今年) are not periods; a sentence naming the asked
 * period, or none, does not contradict it, nor does a part of the asked year (上半年 for a year).
 */
export function statesOtherPeriod(sentence: string, asked: Period): boolean {
  if (asked.terms.some((term) => sentence.includes(term))) return false;
  const plain = sentence
    .replace(/\d{1,2}\s*月\s*\d{1,2}\s*日/g, '')
    .replace(/今年|去年|前年|明年|当年|同年/g, '')
    // "N年以来最高" compares with a year; it does not report on it.
    .replace(/\d{4}\s*年\s*(?:以来|以前|之前|之后|起|来)/g, '');
  const stated = parsePeriod(plain, new Date(0));
  if (!stated) return false;
  const askedWholeYear = asked.year !== undefined && asked.terms.length === 1 && asked.terms[0] === `${asked.year}年`;
  if (stated.year !== undefined && asked.year !== undefined && stated.year !== asked.year) {
    return !sentence.includes(`${asked.year}年`);
  }
  if (askedWholeYear) return false;
  const statedSubYear = !(stated.terms.length === 1 && stated.terms[0] === `${stated.year}年`);
  return statedSubYear && !stated.terms.some((term) => asked.terms.includes(term));
}
