// Figures as news writes them: amounts with units (亿元, 亿港币, 亿美元), counts (N个项目),
// percentages and percentage points, and physical measures.
import { HAN_CHARS } from '../text/han.js';
import type { Language } from '../text/language.js';

export type FigureKind = 'amount' | 'count' | 'percent' | 'measure' | 'value';

/** Counters (classifiers) a count is written with: N个, N项, N家, N组. */
const COUNTERS = '个家项批座条所名位组';

/** A number as written: digits with decimals or thousands separators. */
const NUMBER = '\\d+(?:[.,]\\d+)*';
/** "About", "over", "nearly", "more than" before a figure. */
const HEDGE = '(?:约|超|近|逾)?';
/** "Odd" after a round figure: 30多亿, 100余万. */
const ODD = '\\s*(?:多|余)?\\s*';
const CURRENCIES = '元人民币|人民币|元|美元|港币|港元|欧元|日元|英镑';
const AMOUNT_WITH_CURRENCY = `(?:万亿|亿|万|千)?\\s*(?:${CURRENCIES})`;
/** Units that make a bare 万/亿 a count or a measure rather than money. */
const NON_MONEY_UNITS = '[人名户个家项吨亩辆台套头只张件册次片部株千平方公里米千瓦兆瓦年批座条所位]';
/** A bare 万/亿 that no other unit follows is money ("罚款N万"). */
const BARE_AMOUNT = `(?:万亿|亿|万)(?!${ODD}${NON_MONEY_UNITS})`;
const AMOUNT = new RegExp(`${HEDGE}${NUMBER}${ODD}(?:${AMOUNT_WITH_CURRENCY}|${BARE_AMOUNT})`, 'g');

const MEASURE_UNITS = '吨|公顷|亩|公里|千米|平方米|千瓦时|千瓦|兆瓦|GW|MW|辆|台套|台|套|件|片|只|头|年';
const MEASURE = new RegExp(`\\d+(?:\\.\\d+)?${ODD}(?:万|亿)?\\s*(?:${MEASURE_UNITS})(?:\\/年)?`, 'g');

const PATTERNS: Array<[FigureKind, RegExp]> = [
  // With a currency, or a bare 万/亿 that no other unit follows.
  ['amount', AMOUNT],
  ['percent', /-?\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?个百分点/g],
  ['count', new RegExp(`\\d+(?:\\.\\d+)?\\s*(?:多|余)?\\s*[${COUNTERS}](?:项目|企业|城市)?`, 'g')],
  // A bare value reported as a level after 升至, 为 and the like: an exchange rate, an index.
  ['value', /(?<=(?:升至|降至|跌至|涨至|升到|降到|为|达到|报))\d+\.\d+(?![\d.]*\s*(?:%|亿|万|元|美元|个|倍))/g],
  // Sizes and outputs: weights, areas, lengths, power, and units produced (N万辆/年, N台套).
  ['measure', MEASURE],
];

const YEAR = /^(?:1[89]|20)\d\d\s*年$/;

export interface Figure {
  text: string;
  kind: FigureKind;
  start: number;
}

/** The figures in a text, in order, as written; overlapping matches keep the first kind listed. */
export function findFigures(text: string): Figure[] {
  const found: Figure[] = [];
  const taken: Array<[number, number]> = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      // A year (N年 with a four-digit N) is a date, not a duration.
      if (kind === 'measure' && YEAR.test(match[0])) continue;
      taken.push([start, end]);
      found.push({ text: match[0].replace(/\s+/g, ''), kind, start });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const ZH_KINDS: Array<[FigureKind, RegExp]> = [
  ['amount', /金额|总额|总投资|投资额|多少钱|多少亿|多少万|投资多少|收入多少|罚.{0,8}多少|资金|到资|多少美元|多少元/],
  ['count', /多少个|几个|多少家|几家|多少项|几项|多少批|数量|多少名|多少组|几组/],
  ['percent', /增长多少|增幅|百分|比重|占比|增速|同比|指数/],
  ['measure', /产能|产量|年产|面积|占地|多少吨|多少亩|多少辆|多少台|多大/],
];
const EN_KINDS: Array<[FigureKind, RegExp]> = [
  ['amount', /how much|amount|value|worth|investment|invest|revenue|sales|fine|capital|yuan|dollars|volume|raise/i],
  ['count', /how many|number of|\b\d+\s+(?:projects?|companies|firms|enterprises|contracts?|agreements?|deals?)\b/i],
  ['percent', /growth|grow|increase|percent|%|\brate\b|index|pmi/i],
  ['measure', /capacity|output|production|produce|\barea\b|tonnes|tons|acres|hectares|square|vehicles|units/i],
];

/** The kinds of figure a question asks for; empty when any figure will do. */
export function wantedFigureKinds(question: string, language: Language): FigureKind[] {
  const table = language === 'zh' ? ZH_KINDS : EN_KINDS;
  return table.filter(([, pattern]) => pattern.test(question)).map(([kind]) => kind);
}

/** A figure's value and unit without its hedge or wording (超N万亿元 → N万亿), to match restatements. */
export function figureCore(figure: string): string {
  return (
    figure
      .replace(/^(?:约|超|近|逾)/, '')
      .replace(/(?:多|余)/, '')
      .replace(/,/g, '')
      .replace(/\/年$/, '')
      // N亿 in a headline is N亿元 in the text, and N个 in a headline may be N项 in the text.
      .replace(/(?:元人民币|人民币|元)$/, '')
      .replace(new RegExp(`[${COUNTERS}](?:项目|企业|城市)?$`), '个')
  );
}

/** The noun phrase after 多少个/几家…, up to a particle or the end. */
const COUNTED_PHRASE_ZH = new RegExp(
  `(?:多少|几)\\s*[${COUNTERS}]([${HAN_CHARS}]{2,10}?)(?=[的是在有和与，。？?、]|$)`,
);

const COUNT_ASKED_EN = '\\b(?:how many|number of|(?:more|less|fewer) than \\d+|at least \\d+)';
const VERB_OR_PREPOSITION =
  'does|did|do|are|is|was|were|have|has|had|will|would|can|could|in|of|at|for|from|with|to|by|signed|started|opened';
/** Up to five words after "how many" (or "more than N"), ending before a verb, a preposition or punctuation. */
const COUNTED_PHRASE_EN = new RegExp(
  `${COUNT_ASKED_EN}\\s+((?:[a-z-]+\\s+){0,4}?[a-z-]+?)(?=\\s+(?:${VERB_OR_PREPOSITION})\\b|[?.,]|$)`,
  'i',
);

/** What a count question counts, in the words articles use: 多少个项目 → 项目, how many firms → 企业. */
export function countedThing(
  question: string,
  language: Language,
  glossary: Readonly<Record<string, readonly string[]>>,
): string[] {
  if (language === 'zh') {
    // The phrase after the classifier, up to a particle: its head noun is at the end (a qualifier
    // such as "above a hundred million" may come first), and its first word may be the noun too.
    const phrase = COUNTED_PHRASE_ZH.exec(question)?.[1];
    return phrase ? [...new Set([phrase.slice(-2), phrase.slice(0, 2)])] : [];
  }
  // The words after "how many" up to the verb: any of them may be what the article counts by.
  const match = COUNTED_PHRASE_EN.exec(question);
  const words = match?.[1]?.toLowerCase().split(/\s+/) ?? [];
  return [...new Set(words.flatMap((word) => [...(glossary[word] ?? glossary[word.replace(/s$/, '')] ?? [])]))];
}

/**
 * Whether a count speaks of the thing asked about: for 多少个项目, "N个项目" or "项目N个" but not
 * a count of something else (N个产业) in the same sentence. Other figures, and any count when
 * nothing in particular is counted, pass.
 */
export function countsThing(text: string, figure: Figure, thing: readonly string[]): boolean {
  if (figure.kind !== 'count' || thing.length === 0) return true;
  const end = figure.start + figure.text.length;
  const around = `${text.slice(Math.max(0, figure.start - 6), figure.start)}${figure.text}${text.slice(end, end + 6)}`;
  return thing.some((word) => around.includes(word));
}
