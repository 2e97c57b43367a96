// Figures as values: a mention (decimal amounts with 万/亿 scales, Chinese numerals, 百分之N, full-width
// digits, "CNY N billion", "N projects") read as a number with its unit family, so a generated
// sentence's figures are compared with its sources' as whole values and never as substrings (the tail
// of a decimal is not the decimal, one item is not eleven). Mentions are found by findFigures (after
// numerals are normalised) plus the few English forms models write.
import { findFigures, type FigureKind } from '../retrieval/figures.js';

export interface FigureValue {
  /** The mention as found (after numerals were normalised). */
  text: string;
  kind: FigureKind;
  /** Unit family: a currency code, `count`, `people`, `%`, `pp`, a measure unit, or '' for a bare level. */
  unit: string;
  /** The value in base units (yuan, items, percent, tonnes…). */
  value: number;
  /** The interval the figure stands for as written: 31亿 covers 30.5亿–31.5亿, 30多亿 covers 30亿–40亿. */
  low: number;
  high: number;
  /** For a count, what it counts, when the text says (项目 in "11个项目" or "项目11个"). */
  thing?: string | undefined;
  /** For a count, the text around it, where the thing counted is named. */
  context?: string | undefined;
}

const DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** An integer in Chinese numerals (九百九十九, 一万二千, 两千, 一亿二千万, 二〇二二), or undefined. */
export function readChineseInteger(text: string): number | undefined {
  if (text === '') return undefined;
  // Digit by digit (二〇二二): no unit characters at all.
  if (text.length > 1 && [...text].every((c) => c in DIGITS)) {
    return Number([...text].map((c) => DIGITS[c]).join(''));
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const c of text) {
    const d = DIGITS[c];
    const small = SMALL_UNITS[c];
    if (d !== undefined) {
      // Two digits in a row only after a zero (一千零五); otherwise this is not one number.
      if (digit !== undefined && digit !== 0) return undefined;
      digit = d;
    } else if (small !== undefined) {
      section += (digit ?? 1) * small;
      digit = undefined;
    } else if (c === '万') {
      total += (section + (digit ?? 0) || 1) * 1e4;
      section = 0;
      digit = undefined;
    } else if (c === '亿') {
      total = (total + section + (digit ?? 0) || 1) * 1e8;
      section = 0;
      digit = undefined;
    } else return undefined;
  }
  return total + section + (digit ?? 0);
}

const CHINESE_DIGIT = '零〇一二两三四五六七八九';
const CHINESE_RUN = new RegExp(
  `[${CHINESE_DIGIT}十][${CHINESE_DIGIT}十百千万亿]*(?:点[${CHINESE_DIGIT}]+(?:万亿|亿|万)?)?`,
  'g',
);
const SCALES: Array<[string, number]> = [
  ['万亿', 1e12],
  ['亿', 1e8],
  ['万', 1e4],
];

/** A decimal without float noise: 12.340000000000002 → "12.34". */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** A run of Chinese numerals in Arabic digits, its trailing 万/亿 kept as the scale; undefined if not a number. */
function convertChineseRun(run: string): string | undefined {
  const [whole = '', fraction] = run.split('点');
  let scale: [string, number] | undefined;
  let integerPart = whole;
  let fractionPart = fraction;
  if (fractionPart !== undefined) {
    scale = SCALES.find(([suffix]) => fractionPart!.endsWith(suffix));
    if (scale) fractionPart = fractionPart.slice(0, -scale[0].length);
  } else {
    scale = SCALES.find(([suffix]) => whole.endsWith(suffix) && whole.length > suffix.length);
  }
  const integer = readChineseInteger(integerPart);
  if (integer === undefined) return undefined;
  if (fractionPart !== undefined) {
    const digits = [...fractionPart].map((c) => DIGITS[c]).join('');
    return `${integer}.${digits}${scale?.[0] ?? ''}`;
  }
  if (!scale) return String(integer);
  integerPart = formatNumber(integer / scale[1]);
  return `${integerPart}${scale[0]}`;
}

/**
 * Text with its numerals in one form: full-width digits and marks made ASCII, 百分之X made X%,
 * Chinese numerals made Arabic. `loneOne: false` leaves a lone 一 alone ("一个重要项目" is rarely a
 * figure); evidence is read with it converted, so "1 project" finds "一个项目".
 */
export function normaliseNumerals(text: string, options: { loneOne?: boolean } = {}): string {
  const loneOne = options.loneOne ?? true;
  const ascii = text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/％/g, '%')
    .replace(/(?<=\d)[．.](?=\d)/g, '.')
    // A full-width comma between digits is a thousands separator only before exactly three digits.
    .replace(/(?<=\d)，(?=\d{3}(?!\d))/g, ',');
  const percent = ascii.replace(
    new RegExp(`百分之([${CHINESE_DIGIT}十百千]+(?:点[${CHINESE_DIGIT}]+)?|\\d+(?:\\.\\d+)?)`, 'g'),
    (match, number: string) => {
      const value = /\d/.test(number) ? number : convertChineseRun(number);
      return value === undefined ? match : `${value}%`;
    },
  );
  return percent.replace(CHINESE_RUN, (run) => {
    if (!loneOne && run === '一') return run;
    return convertChineseRun(run) ?? run;
  });
}

// Hong Kong dollars before dollars: "HK$" and "Hong Kong dollars" hold the US forms too.
const CURRENCIES: Array<[RegExp, string]> = [
  [/港币|港元|HK\$|HKD|Hong Kong dollars?/i, 'HKD'],
  [/美元|US\$|USD|US dollars?|dollars?|\$/i, 'USD'],
  [/欧元|EUR|euros?|€/i, 'EUR'],
  [/日元|JPY|yen/i, 'JPY'],
  [/英镑|GBP|pounds?|£/i, 'GBP'],
];

const MEASURE_UNITS: Array<[RegExp, string]> = [
  [/平方米|square met(?:re|er)s?|sq\.? ?m/i, 'm2'],
  [/千瓦时|kWh/i, 'kWh'],
  [/千瓦|kW/i, 'kW'],
  [/兆瓦|MW/i, 'MW'],
  [/GW/, 'GW'],
  [/公顷|hectares?/i, 'ha'],
  [/亩|mu\b/i, 'mu'],
  [/公里|千米|km|kilomet(?:re|er)s?/i, 'km'],
  [/吨|tonnes?|tons?/i, 't'],
  [/台套|台|套|sets?/i, 'set'],
  [/辆|vehicles?/i, 'vehicle'],
  [/年|years?/i, 'year'],
];

const WORD_SCALES: Readonly<Record<string, number>> = {
  trillion: 1e12,
  billion: 1e9,
  bn: 1e9,
  million: 1e6,
  m: 1e6,
  thousand: 1e3,
};

/** How a figure is hedged: as is (rounded), "over / -odd" (超30亿, 30多亿), or "nearly" (近31亿). */
type Hedge = 'as-written' | 'above' | 'below';

/**
 * Value and interval of a number written with its scale and hedge. A rounded figure covers half a
 * step of its last digit either way; "over" and "-odd" a step up, "nearly" a step down, the step being
 * that of its last non-zero digit (30多亿: 30亿–40亿; 超1.35万亿: 1.35万亿–1.36万亿).
 */
function measureValue(
  number: string,
  scale: number,
  hedge: Hedge,
): { value: number; low: number; high: number } | undefined {
  const digits = number.replace(/,/g, '');
  const value = Number(digits);
  if (!Number.isFinite(value)) return undefined;
  const decimals = digits.includes('.') ? (digits.split('.')[1]?.length ?? 0) : 0;
  const zeros = decimals > 0 ? 0 : (/0*$/.exec(digits)?.[0].length ?? 0);
  const step = (decimals > 0 ? 10 ** -decimals : 10 ** zeros) * scale;
  const exact = value * scale;
  if (hedge === 'above') return { value: exact, low: exact, high: exact + step };
  if (hedge === 'below') return { value: exact, low: exact - step, high: exact };
  const half = 0.5 * 10 ** -decimals * scale;
  return { value: exact, low: exact - half, high: exact + half };
}

/** The hedge of a figure as written, in Chinese or English. */
function hedgeOf(text: string, before = ''): Hedge {
  if (/\d\s*(?:多|余)|^(?:超|逾)/.test(text) || /(?:more than|over|above|in excess of)\s*$/i.test(before)) {
    return 'above';
  }
  if (/^近/.test(text) || /(?:nearly|almost|close to)\s*$/i.test(before)) return 'below';
  return 'as-written';
}

function chineseScale(text: string): number {
  if (text.includes('万亿')) return 1e12;
  if (text.includes('亿')) return 1e8;
  if (text.includes('万')) return 1e4;
  if (/\d千(?:元|人民币)/.test(text)) return 1e3;
  return 1;
}

/** One mention found by findFigures read as a value. */
function readChineseFigure(text: string, kind: FigureKind): FigureValue | undefined {
  const number = /\d+(?:[.,]\d+)*/.exec(text)?.[0];
  if (!number) return undefined;
  let unit = '';
  let scale = 1;
  if (kind === 'amount') {
    unit = CURRENCIES.find(([pattern]) => pattern.test(text))?.[1] ?? 'CNY';
    scale = chineseScale(text);
  } else if (kind === 'count') {
    unit = /[名位]/.test(text) ? 'people' : 'count';
  } else if (kind === 'percent') {
    unit = text.includes('百分点') ? 'pp' : '%';
  } else if (kind === 'measure') {
    const rest = text.slice(text.indexOf(number) + number.length);
    unit = MEASURE_UNITS.find(([pattern]) => pattern.test(rest))?.[1] ?? rest.replace(/[多余万亿约\s]|\/年/g, '');
    scale = chineseScale(rest);
  }
  const measured = measureValue(number, scale, hedgeOf(text));
  return measured ? { text, kind, unit, ...measured } : undefined;
}

const NUMBER = '\\d+(?:,\\d{3})*(?:\\.\\d+)?';
const SCALE_WORD = '(?:trillion|billion|bn|million|thousand)';
const CURRENCY_BEFORE = '(?:CNY|RMB|USD|US\\$|HK\\$|HKD|EUR|€|\\$|¥|£)';
const CURRENCY_AFTER = '(?:yuan|renminbi|RMB|CNY|US dollars?|USD|Hong Kong dollars?|HKD|dollars?|euros?|EUR)';
/** English forms: CNY 3.10 billion, 3.097 billion yuan, 80 percent, 11 projects, 500,000 tonnes. */
const ENGLISH: Array<[FigureKind, RegExp]> = [
  [
    'amount',
    new RegExp(
      `${CURRENCY_BEFORE}\\s?${NUMBER}(?:\\s?${SCALE_WORD})?\\b|${NUMBER}(?:\\s?${SCALE_WORD})?\\s${CURRENCY_AFTER}\\b`,
      'gi',
    ),
  ],
  ['percent', new RegExp(`${NUMBER}\\s?(?:percent(?:age points?)?|per cent)\\b`, 'gi')],
  [
    'count',
    new RegExp(
      `${NUMBER}\\s(?:more\\s)?(?:projects?|companies|firms|enterprises|contracts?|agreements?|deals?)\\b`,
      'gi',
    ),
  ],
  [
    'measure',
    new RegExp(`${NUMBER}(?:\\s?${SCALE_WORD})?\\s(?:tonnes?|tons?|hectares?|mu|square met(?:re|er)s?)\\b`, 'gi'),
  ],
];

function readEnglishFigure(text: string, kind: FigureKind, before: string): FigureValue | undefined {
  const number = new RegExp(NUMBER).exec(text)?.[0];
  if (!number) return undefined;
  const scaleWord = new RegExp(SCALE_WORD, 'i').exec(text)?.[0]?.toLowerCase();
  const scale = scaleWord ? (WORD_SCALES[scaleWord] ?? 1) : 1;
  let unit: string;
  if (kind === 'amount') unit = CURRENCIES.find(([pattern]) => pattern.test(text))?.[1] ?? 'CNY';
  else if (kind === 'percent') unit = /points?/i.test(text) ? 'pp' : '%';
  else if (kind === 'count') {
    const thing = ENGLISH_THINGS.find(([pattern]) => pattern.test(text))?.[1];
    const measured = measureValue(number, scale, hedgeOf(text, before));
    return measured ? { text, kind, unit: 'count', ...measured, thing, context: thing } : undefined;
  } else unit = MEASURE_UNITS.find(([pattern]) => pattern.test(text.slice(number.length)))?.[1] ?? '';
  const measured = measureValue(number, scale, hedgeOf(text, before));
  return measured ? { text, kind, unit, ...measured } : undefined;
}

/**
 * The figures of a text as values, in order. `loneOne` as in normaliseNumerals (default true: read
 * every numeral, as for evidence).
 */
export function readFigureValues(text: string, options: { loneOne?: boolean } = {}): FigureValue[] {
  const normalised = normaliseNumerals(text, options);
  const found: Array<FigureValue & { start: number }> = [];
  const taken: Array<[number, number]> = [];
  for (const figure of findFigures(normalised)) {
    const end = figure.start + figure.text.length;
    const value = readChineseFigure(figure.text, figure.kind);
    taken.push([figure.start, end]);
    if (!value) continue;
    if (figure.kind === 'count') Object.assign(value, countedIn(normalised, figure.start, end));
    found.push({ ...value, start: figure.start });
  }
  for (const [kind, pattern] of ENGLISH) {
    for (const match of normalised.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      taken.push([start, end]);
      const value = readEnglishFigure(match[0], kind, normalised.slice(Math.max(0, start - 20), start));
      if (value) found.push({ ...value, start });
    }
  }
  return found.sort((a, b) => a.start - b.start).map(({ start: _start, ...figure }) => figure);
}

const HAN = /\p{Script=Han}/u;
/** Characters either side of a count searched for the thing it counts. */
const COUNT_CONTEXT_CHARS = 6;

/**
 * What a count counts: the two characters after its classifier (11个项目), or, when none follow,
 * the two before its number (项目11个); and the text around it.
 */
function countedIn(text: string, start: number, end: number): Pick<FigureValue, 'thing' | 'context'> {
  const after = /^\p{Script=Han}{1,2}/u.exec(text.slice(end))?.[0];
  const inside = /[个家项批座条所名位组](\p{Script=Han}{2})$/u.exec(text.slice(start, end))?.[1];
  const before = /\p{Script=Han}{1,2}$/u.exec(text.slice(Math.max(0, start - 2), start))?.[0];
  const context = text.slice(Math.max(0, start - COUNT_CONTEXT_CHARS), end + COUNT_CONTEXT_CHARS);
  return { thing: inside ?? after ?? before, context };
}

const ENGLISH_THINGS: Array<[RegExp, string]> = [
  [/projects?/i, '项目'],
  [/companies|firms|enterprises/i, '企业'],
];

/**
 * Whether a source's count counts what a claim's count counts, as far as the texts say: the source
 * names the claim's thing near its count, or the claim names the source's.
 */
function sameThing(claim: FigureValue, source: FigureValue): boolean {
  if (claim.kind !== 'count' || source.kind !== 'count' || !claim.thing) return true;
  if ((source.context ?? '').includes(claim.thing)) return true;
  if (!source.thing) return false;
  return (claim.context ?? '').includes(source.thing) || !HAN.test(claim.thing + source.thing);
}

/**
 * Whether a source's figure supports a claim's: one unit family, and the intervals the two stand
 * for as written overlap (touching ends do not: 1 is not 2).
 */
export function sameFigure(claim: FigureValue, source: FigureValue): boolean {
  // A bare level (an exchange rate, an index) has no unit to compare: its number must match.
  const unitsAgree = claim.unit === source.unit || claim.kind === 'value' || source.kind === 'value';
  return unitsAgree && claim.low < source.high && source.low < claim.high && sameThing(claim, source);
}

/** The figures of `claim` that no figure of `evidence` supports. */
export function unsupportedFigures(claim: string, evidence: string): FigureValue[] {
  const stated = readFigureValues(claim, { loneOne: false });
  if (stated.length === 0) return [];
  const known = readFigureValues(evidence);
  return stated.filter((figure) => !known.some((source) => sameFigure(figure, source)));
}
