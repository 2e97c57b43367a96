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

const PATTERNS: Array<[RegExp, Span]> = [
  [/\bq1\b|first quarter|1st quarter|一季度|首季|第一季度|1\s*[-至到~]\s*3\s*月/i, QUARTERS[0]!],
  [/\bq2\b|second quarter|2nd quarter|二季度|第二季度|4\s*[-至到~]\s*6\s*月/i, QUARTERS[1]!],
  [/\bq3\b|third quarter|3rd quarter|三季度|第三季度|7\s*[-至到~]\s*9\s*月/i, QUARTERS[2]!],
  [/\bq4\b|fourth quarter|4th quarter|四季度|第四季度|10\s*[-至到~]\s*12\s*月/i, QUARTERS[3]!],
  [/\bh1\b|first half|上半年|1\s*[-至到~]\s*6\s*月/i, HALVES[0]!],
  [/\bh2\b|second half|下半年/i, HALVES[1]!],
];

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december',
];
const MONTH_ABBREVIATIONS = MONTHS.map((m) => m.slice(0, 3));

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function findYear(question: string, now: Date): number | undefined {
  const explicit = /(?<!\d)((?:19|20)\d{2})(?!\d)\s*年?/.exec(question);
  if (explicit?.[1]) return Number(explicit[1]);
  const current = now.getUTCFullYear();
  if (/去年|last year/i.test(question)) return current - 1;
  if (/前年|the year before last/i.test(question)) return current - 2;
  if (/今年|this year/i.test(question)) return current;
  return undefined;
}

function findMonth(question: string): number | undefined {
  const chinese = /(?<![\d-至到~])(1[0-2]|[1-9])\s*月(?![\d份]*\s*[-至到~])/.exec(question);
  if (chinese?.[1]) return Number(chinese[1]);
  const lower = question.toLowerCase();
  for (let i = 0; i < 12; i += 1) {
    const full = MONTHS[i] ?? '';
    const short = MONTH_ABBREVIATIONS[i] ?? '';
    // "may" is also a verb: only count it next to a year or a day.
    if (full === 'may' ? /\bmay\s+(\d{1,2}|(19|20)\d{2})\b/.test(lower) : new RegExp(`\\b(${full}|${short}\\.?)\\b`).test(lower)) {
      return i + 1;
    }
  }
  return undefined;
}

/** The period a question asks about, if it names one. `now` resolves "last year". */
export function parsePeriod(question: string, now: Date = new Date()): Period | undefined {
  const year = findYear(question, now);
  const span = PATTERNS.find(([pattern]) => pattern.test(question))?.[1];
  if (span) {
    return {
      label: year ? `${span.label} ${year}` : span.label,
      terms: [...span.terms],
      year,
      from: year ? iso(year, span.startMonth, 1) : undefined,
      to: year ? iso(year, span.endMonth, lastDay(year, span.endMonth)) : undefined,
    };
  }
  const month = findMonth(question);
  if (month !== undefined) {
    return {
      label: year ? `${year}-${String(month).padStart(2, '0')}` : `month ${month}`,
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
