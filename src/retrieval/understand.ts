// Question understanding before search: language, the Chinese names it is about (including
// English/pinyin spellings matched against the corpus's own vocabulary), domain words through the
// glossary, the period it asks about, and whether it wants a figure.
import { pinyin } from 'pinyin-pro';
import type { NameEntry } from '../vector-store/vocabulary.js';
import { HAN_CHARS, hanRuns, isHanWord } from '../text/han.js';
import { detectLanguage, type Language } from '../text/language.js';
import { stripAdminSuffix } from '../text/places.js';
import { ENGLISH_STOPWORDS, isStopword } from '../text/stopwords.js';
import { cutWords, isProperName, tagWords, tokenize } from '../text/words.js';
import { ENGLISH_NAMES, GLOSSARY } from './glossary.js';
import { countedThing, wantedFigureKinds, type FigureKind } from './figures.js';
import { parsePeriod, type Period } from './periods.js';

export interface NameMention {
  /** The Chinese name searched for, without an administrative suffix. */
  name: string;
  /** How the question wrote it: in Chinese (perhaps with its suffix), English or pinyin. */
  asked: string;
  /** Whether the corpus vocabulary knows the name. */
  known: boolean;
}

/** One thing the question asks about, with the ways articles may write it. */
export interface Concept {
  kind: 'name' | 'period' | 'word';
  /** Surface forms; a sentence holding any of them covers the concept. */
  alternatives: string[];
  /** Importance relative to a plain word (1). */
  weight: number;
}

/** Corpus spelling of a pinyin string, for names the vocabulary lacks; `context` is the names read so far. */
export type SpellName = (pinyin: string, context: readonly string[]) => string | undefined;

export interface QuestionUnderstanding {
  question: string;
  language: Language;
  /** Chinese text for the dense search (the question itself when it is Chinese). */
  searchText: string;
  /** Keyword-search terms, as the keyword index cuts words. */
  terms: string[];
  /** Extra weight of some terms (names count more than generic words). */
  weights: Map<string, number>;
  names: NameMention[];
  /** Capitalised words of an English question that look like Chinese names the corpus lacks. */
  unknownNames: string[];
  /** English glossary matches, for the English lead-in. */
  glossed: Array<{ english: string; chinese: readonly string[] }>;
  period: Period | undefined;
  /** What an answer must speak to: names, the period and the question's content words. */
  concepts: Concept[];
  /** The question compares or lists several places or things (哪个更大, 分别, compare). */
  comparison: boolean;
  /** The question asks for an amount or a count. */
  wantsFigure: boolean;
  /** Which kinds of figure answer it (empty: any). */
  figureKinds: FigureKind[];
  /** What a count question counts (项目, 企业), in Chinese; empty when it counts nothing in particular. */
  counted: string[];
  /**
   * The sides of a comparison, each read on its own (one place's figure for one period against
   * another's for another period): each needs its own evidence. Empty otherwise.
   */
  sides: QuestionUnderstanding[];
}

/** Importance of a name, and of a period, relative to a plain word. */
const NAME_WEIGHT = 2.5;
const PERIOD_WEIGHT = 1.2;

/** Where a comparison question divides into its sides. */
const COMPARISON_SPLIT = /\s+(?:compared (?:with|to)|versus|vs\.?|with|against|and|or)\s+|相比|和|与|跟|同|，|,/i;

const FIGURE_WORDS_ZH = '多少|几个|几家|几项|几成|金额|总额|规模|数额|增长|增速|增幅|同比|产能|产量|指数';
const FIGURE_WORDS_EN =
  'how much|how many|capacity|how (?:large|big)|what (?:was|is|were) the (?:total|amount|value|number)|' +
  '\\bamount\\b|\\bvalue\\b|\\btotal\\b|\\bgrowth\\b|\\bgrew\\b|\\bincrease\\b|\\brate\\b|percent|' +
  '\\bpmi\\b|\\bindex\\b|\\bvolume\\b';
/** "More than 10 projects?" asks for a figure too. */
const FIGURE_BOUNDS = '\\b(?:more|less|fewer) than\\b|\\bat least\\b|超过|多于|少于|不到|不少于';
const FIGURE_QUESTION = new RegExp(`${FIGURE_WORDS_ZH}|${FIGURE_WORDS_EN}|${FIGURE_BOUNDS}`, 'i');

const COMPARISON_WORDS_ZH = '哪个|哪一个|哪家|谁更|比较|相比|对比|分别|还是';
const COMPARISON_WORDS_EN =
  'compare|comparison|versus|\\bvs\\.?\\b|\\bboth\\b|' +
  '\\bwhich\\b.*\\b(?:more|larger|bigger|higher|greater|faster)\\b|respectively';
const COMPARISON = new RegExp(`${COMPARISON_WORDS_ZH}|${COMPARISON_WORDS_EN}`, 'i');

/** Ways news writes the same thing: a sentence with any of them answers a question with one. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  一共: ['共计', '合计', '总计', '共'],
  共计: ['一共', '合计', '总计'],
  投资总额: ['总投资', '总额'],
  总投资: ['投资总额', '总额'],
  总额: ['总投资', '投资总额', '总计', '合计'],
  签约: ['签订', '签署', '签下'],
  签订: ['签约', '签署'],
  金额: ['总额', '投资', '亿元', '万元'],
  公司: ['集团', '企业'],
  企业: ['公司', '集团'],
  到资: ['到位资金', '实际到资'],
  增长: ['增幅', '同比增长'],
  主办: ['主办单位', '联合主办'],
  带队: ['带领', '率领', '率队', '领队'],
  带领: ['带队', '率领', '率队'],
  率队: ['带队', '带领', '率领'],
  最大: ['最高', '之首'],
};

/** A word worth matching: it holds a Han character, a Latin letter or a digit. */
const CONTENT_CHAR = new RegExp(`[${HAN_CHARS}A-Za-z0-9]`);

/** Words of a Chinese question that can show up in an answer sentence (question words dropped). */
function contentWords(question: string): string[] {
  return cutWords(question).filter(
    (word) => CONTENT_CHAR.test(word) && !isStopword(word) && (word.length >= 2 || /\d/.test(word)),
  );
}

let syllables: Set<string> | undefined;

/**
 * Every pinyin syllable, read once off the ideographs of Unicode 1.1 (U+4E00–U+9FA5): the characters
 * added later to the block are rare and bring no new syllables a name would use.
 */
function pinyinSyllables(): Set<string> {
  if (!syllables) {
    syllables = new Set();
    let block = '';
    for (let code = 0x4e00; code <= 0x9fa5; code += 1) block += String.fromCharCode(code);
    for (const syllable of pinyin(block, { toneType: 'none', type: 'array', v: true })) {
      if (/^[a-z]+$/.test(syllable)) syllables.add(syllable);
    }
  }
  return syllables;
}

/** True when the word splits into two or more pinyin syllables, as Chinese place names written in pinyin do. */
export function looksLikePinyin(word: string): boolean {
  const lower = word.toLowerCase();
  if (!/^[a-z]{4,}$/.test(lower)) return false;
  const known = pinyinSyllables();
  const parts = new Array<number>(lower.length + 1).fill(-1);
  parts[0] = 0;
  for (let end = 1; end <= lower.length; end += 1) {
    for (let start = Math.max(0, end - 6); start < end; start += 1) {
      const before = parts[start] ?? -1;
      if (before >= 0 && known.has(lower.slice(start, end))) {
        parts[end] = Math.max(parts[end] ?? -1, before + 1);
      }
    }
  }
  return (parts[lower.length] ?? -1) >= 2;
}

function buildPinyinMap(vocabulary: readonly NameEntry[]): Map<string, NameEntry> {
  const map = new Map<string, NameEntry>();
  // Vocabulary is sorted by count: the most frequent name with a spelling wins.
  for (const entry of vocabulary) {
    if (entry.pinyin.length < 4) continue;
    // Postal-style spellings drop the e of 尔 (er) after a vowel: "-haer" is written "-har".
    for (const key of [entry.pinyin, entry.pinyin.replace(/([aeiou])er/g, '$1r')]) {
      if (!map.has(key)) map.set(key, entry);
    }
  }
  return map;
}

const pinyinMaps = new WeakMap<readonly NameEntry[], Map<string, NameEntry>>();

/** The vocabulary keyed by pinyin, built once per vocabulary. */
function pinyinMapOf(vocabulary: readonly NameEntry[]): Map<string, NameEntry> {
  let map = pinyinMaps.get(vocabulary);
  if (!map) {
    map = buildPinyinMap(vocabulary);
    pinyinMaps.set(vocabulary, map);
  }
  return map;
}

function namesInChinese(question: string, vocabulary: readonly NameEntry[]): NameMention[] {
  const found: NameMention[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (start: number, end: number): boolean => taken.some(([s, e]) => start < e && end > s);
  // Longest names first, so a name with its suffix is not also reported as the shorter names inside it.
  const known = vocabulary
    .filter((entry) => question.includes(entry.name))
    .sort((a, b) => b.name.length - a.name.length);
  for (const entry of known) {
    const start = question.indexOf(entry.name);
    if (overlaps(start, start + entry.name.length)) continue;
    taken.push([start, start + entry.name.length]);
    found.push({ name: stripAdminSuffix(entry.name), asked: entry.name, known: true });
  }
  // Names jieba recognises that the corpus lacks: the articles may simply not cover them.
  let offset = 0;
  for (const word of tagWords(question)) {
    const start = offset;
    offset += word.word.length;
    if (!isProperName(word.word, word.tag) || overlaps(start, offset)) continue;
    taken.push([start, offset]);
    found.push({ name: stripAdminSuffix(word.word), asked: word.word, known: false });
  }
  return found;
}

interface EnglishReading {
  names: NameMention[];
  unknownNames: string[];
  glossed: Array<{ english: string; chinese: readonly string[] }>;
  latinTerms: string[];
}

/** The words of an English question and what has been read of each so far. */
interface EnglishWords {
  /** As written, trailing punctuation removed. */
  words: string[];
  lower: string[];
  /** Words read as (part of) a name or a glossary phrase. */
  used: boolean[];
  /** Words read as (part of) a name. */
  named: boolean[];
}

const MONTH_NAMES = /^(january|february|march|april|may|june|july|august|september|october|november|december)$/i;

/** Periods (Q1, H1, 2022, 5th) are read separately. */
const PERIOD_WORD = /^(?:q[1-4]|h[12]|(?:19|20)\d{2}|\d{1,2}(?:st|nd|rd|th)?)$/;

function englishWords(question: string): EnglishWords {
  const original =
    question
      .replace(/[’`]/g, "'")
      .replace(/'s\b/g, '')
      .match(/[A-Za-z0-9][A-Za-z0-9.$'-]*/g) ?? [];
  const words = original.map((w) => w.replace(/[.'-]+$/, ''));
  return {
    words,
    lower: words.map((w) => w.toLowerCase()),
    used: new Array<boolean>(words.length).fill(false),
    named: new Array<boolean>(words.length).fill(false),
  };
}

/** Glossary words for a phrase; plurals read as their singular when only the singular is listed. */
function glossaryEntry(phrase: string): readonly string[] | undefined {
  return (
    GLOSSARY[phrase] ??
    GLOSSARY[phrase.replace(/ /g, '-')] ??
    (/[^s]s$/.test(phrase) ? GLOSSARY[phrase.slice(0, -1)] : undefined)
  );
}

/**
 * Names and glossary phrases of up to four words, longest first: English names, then domain words,
 * then pinyin spellings of vocabulary names.
 */
function matchPhrases(
  reading: EnglishWords,
  vocabulary: readonly NameEntry[],
): Pick<EnglishReading, 'names' | 'glossed'> {
  const { words, lower, used, named } = reading;
  const map = pinyinMapOf(vocabulary);
  const glossed: EnglishReading['glossed'] = [];
  const names: NameMention[] = [];
  for (let size = 4; size >= 1; size -= 1) {
    for (let i = 0; i + size <= words.length; i += 1) {
      if (used.slice(i, i + size).some(Boolean)) continue;
      const phraseWords = lower.slice(i, i + size);
      const phrase = phraseWords.join(' ');
      const asked = words.slice(i, i + size).join(' ');
      const englishName = ENGLISH_NAMES[phrase];
      const chinese = glossaryEntry(phrase);
      // Pinyin spellings are letters only: a year followed by a name is two things, not one name.
      const joined = phraseWords.some((w) => /[^a-z']/.test(w)) ? '' : phraseWords.join('').replace(/'/g, '');
      const entry = joined.length >= 4 && !ENGLISH_STOPWORDS.has(phrase) ? map.get(joined) : undefined;
      if (englishName) {
        const name = englishName[0] ?? '';
        names.push({ name, asked, known: vocabulary.some((v) => v.name === name || v.name.startsWith(name)) });
        glossed.push({ english: asked, chinese: englishName });
      } else if (chinese) {
        glossed.push({ english: asked, chinese });
      } else if (entry) {
        names.push({ name: stripAdminSuffix(entry.name), asked, known: true });
      } else {
        continue;
      }
      for (let j = i; j < i + size; j += 1) {
        used[j] = true;
        named[j] = englishName !== undefined || (!chinese && entry !== undefined);
      }
    }
  }
  return { names, glossed };
}

/**
 * Capitalised words left over may be names in pinyin that only the corpus text knows (a person
 * whose name jieba cannot cut): tries each run of them, then each word, against the corpus's own
 * spellings, and adds what it finds to `names`.
 */
function spellCapitalisedRuns(reading: EnglishWords, names: NameMention[], spell: SpellName): void {
  const { words, lower, used, named } = reading;
  const capitalised = (i: number): boolean =>
    !used[i] &&
    i > 0 &&
    /^[A-Z][a-z]+$/.test(words[i] ?? '') &&
    !ENGLISH_STOPWORDS.has(lower[i] ?? '') &&
    !MONTH_NAMES.test(words[i] ?? '');
  for (let i = 0; i < words.length; i += 1) {
    if (!capitalised(i)) continue;
    let end = i;
    while (end + 1 < words.length && capitalised(end + 1)) end += 1;
    for (let size = end - i + 1; size >= 1; size -= 1) {
      const run = words.slice(i, i + size);
      const key = run.join('').toLowerCase();
      if (!looksLikePinyin(key) && !(size > 1 && run.every((w) => looksLikePinyin(`${w}${w}`)))) continue;
      const found = spell(
        key,
        names.map((n) => n.name),
      );
      if (found) {
        names.push({ name: found, asked: run.join(' '), known: true });
        for (let j = i; j < i + size; j += 1) used[j] = named[j] = true;
        break;
      }
    }
  }
}

/**
 * Words nothing has read: capitalised ones are names the articles may not cover; codes and figures
 * are search words.
 */
function readLeftovers(reading: EnglishWords): Pick<EnglishReading, 'unknownNames' | 'latinTerms'> {
  const { words, lower, used, named } = reading;
  const isCapitalised = (j: number): boolean => /^[A-Z]/.test(words[j] ?? '');
  const partOfName = (i: number): boolean => {
    for (let j = i - 1; j >= 0 && isCapitalised(j); j -= 1) if (named[j]) return true;
    for (let j = i + 1; j < words.length && isCapitalised(j); j += 1) if (named[j]) return true;
    return false;
  };
  const unknownNames: string[] = [];
  const latinTerms: string[] = [];
  words.forEach((word, i) => {
    if (used[i]) return;
    const low = lower[i] ?? '';
    if (ENGLISH_STOPWORDS.has(low) || MONTH_NAMES.test(word)) return;
    // A capitalised word (not opening the question) that neither the glossary nor the corpus
    // explains is a name the articles may not cover; one running on from a name is part of it
    // (a company's "Holdings", a place's "Municipality").
    if (/^[A-Z][a-z]+$/.test(word) && i > 0 && (looksLikePinyin(word) || word.length >= 4)) {
      if (!partOfName(i)) unknownNames.push(word);
      return;
    }
    if (PERIOD_WORD.test(low)) return;
    // Codes and figures (1GW, FDI) are search words.
    if (/\d/.test(low) || /^[A-Z0-9]{2,6}$/.test(word)) latinTerms.push(low);
  });
  return { unknownNames, latinTerms };
}

/** In a Title Case question every word is capitalised, so capitals say nothing about names. */
function isTitleCase(words: readonly string[]): boolean {
  const longWords = words.filter((w, i) => i > 0 && w.length >= 3 && /^[A-Za-z]+$/.test(w));
  return longWords.length >= 3 && longWords.filter((w) => /^[A-Z]/.test(w)).length / longWords.length > 0.6;
}

function readEnglish(question: string, vocabulary: readonly NameEntry[], spell?: SpellName): EnglishReading {
  const reading = englishWords(question);
  const { names, glossed } = matchPhrases(reading, vocabulary);
  if (spell) spellCapitalisedRuns(reading, names, spell);
  const { unknownNames, latinTerms } = readLeftovers(reading);
  return { names, unknownNames: isTitleCase(reading.words) ? [] : unknownNames, glossed, latinTerms };
}

/** What each language's reading contributes to the understanding. */
interface LanguageReading {
  searchText: string;
  terms: string[];
  names: NameMention[];
  unknownNames: string[];
  glossed: QuestionUnderstanding['glossed'];
  /** Word and unknown-name concepts (known names and the period are added for both languages). */
  concepts: Concept[];
}

function readChineseQuestion(
  question: string,
  vocabulary: readonly NameEntry[],
  period: Period | undefined,
): LanguageReading {
  const names = namesInChinese(question, vocabulary);
  const inName = (word: string): boolean => names.some((n) => n.asked.includes(word) || n.name.includes(word));
  const inPeriod = (word: string): boolean =>
    period !== undefined && (period.terms.some((t) => t.includes(word)) || /^\d{4}年?$|^\d{1,2}月$/.test(word));
  const concepts: Concept[] = [];
  for (const word of contentWords(question)) {
    if (inName(word) || inPeriod(word) || /^\d+$/.test(word)) continue;
    concepts.push({ kind: 'word', alternatives: [word, ...(SYNONYMS[word] ?? [])], weight: 1 });
  }
  return { searchText: question, terms: tokenize(question), names, unknownNames: [], glossed: [], concepts };
}

/** "How much" in investment news is an amount in 亿元/万元; "how many" a count of projects. */
function figureSearchWords(question: string): string[] {
  if (/how much|amount|value|worth/i.test(question)) return ['投资总额', '金额', '亿元'];
  if (/how many|number of/i.test(question)) return ['个', '数量'];
  return [];
}

function readEnglishQuestion(
  question: string,
  vocabulary: readonly NameEntry[],
  period: Period | undefined,
  spell: SpellName | undefined,
): LanguageReading {
  const { names, unknownNames, glossed, latinTerms } = readEnglish(question, vocabulary, spell);
  // Chinese written into an English question is read as Chinese.
  const han = hanRuns(question).join('，');
  if (han) {
    for (const name of namesInChinese(han, vocabulary)) if (!names.some((n) => n.name === name.name)) names.push(name);
    for (const word of contentWords(han)) {
      if (names.some((n) => n.asked.includes(word) || n.name.includes(word))) continue;
      glossed.push({ english: word, chinese: [word, ...(SYNONYMS[word] ?? [])] });
    }
  }
  const chineseWords = [
    ...names.map((n) => n.name),
    ...glossed.flatMap((g) => g.chinese),
    ...(period?.terms.slice(0, 2) ?? []),
    ...(period?.year ? [`${period.year}年`] : []),
    ...figureSearchWords(question),
  ];
  const searchText = [...new Set(chineseWords)].join(' ') || question;
  const concepts: Concept[] = [];
  for (const { chinese } of glossed) {
    if (names.some((n) => chinese.includes(n.name))) continue;
    concepts.push({ kind: 'word', alternatives: [...chinese], weight: 1 });
  }
  for (const term of latinTerms) concepts.push({ kind: 'word', alternatives: [term], weight: 1 });
  for (const name of unknownNames) {
    concepts.push({ kind: 'name', alternatives: [name.toLowerCase()], weight: NAME_WEIGHT });
  }
  return { searchText, terms: [...tokenize(searchText), ...latinTerms], names, unknownNames, glossed, concepts };
}

/** Reads a question: language, names, glossary words, period, figure intent, search terms. */
export function understandQuestion(
  question: string,
  vocabulary: readonly NameEntry[],
  now: Date = new Date(),
  /** Chinese spelling of a pinyin string from the corpus itself, for names the vocabulary lacks. */
  spell?: SpellName,
  /** Read the sides of a comparison too (not for a side itself). */
  withSides = true,
): QuestionUnderstanding {
  const language = detectLanguage(question);
  const period = parsePeriod(question, now);
  const reading =
    language === 'zh'
      ? readChineseQuestion(question, vocabulary, period)
      : readEnglishQuestion(question, vocabulary, period, spell);
  const { names, terms, concepts } = reading;
  const weights = new Map<string, number>();
  const weigh = (words: readonly string[], weight: number): void => {
    for (const word of words) weights.set(word, Math.max(weights.get(word) ?? 1, weight));
  };
  for (const name of names) {
    concepts.push({ kind: 'name', alternatives: [...new Set([name.name, name.asked])], weight: NAME_WEIGHT });
  }
  if (period) concepts.push({ kind: 'period', alternatives: [...period.terms], weight: PERIOD_WEIGHT });
  const nameTerms = names.flatMap((n) => [n.name, ...tokenize(n.name)]);
  terms.push(...nameTerms);
  weigh(nameTerms, NAME_WEIGHT);
  if (period) {
    // Whole period words only: cutting "1-3月" would add noise such as "1" and "月".
    const periodTerms = period.terms.filter((t) => t.length >= 2 && isHanWord(t));
    terms.push(...periodTerms);
    weigh(periodTerms, PERIOD_WEIGHT);
  }
  const comparison = COMPARISON.test(question);
  const wantsFigure = FIGURE_QUESTION.test(question);
  return {
    question,
    language,
    searchText: reading.searchText,
    terms: [...new Set(terms)],
    weights,
    names,
    unknownNames: reading.unknownNames,
    glossed: reading.glossed,
    period,
    concepts,
    comparison,
    wantsFigure,
    figureKinds: wantsFigure ? wantedFigureKinds(question, language) : [],
    counted: countedThing(question, language, GLOSSARY),
    sides: comparison && withSides ? comparisonSides(question, vocabulary, now, spell) : [],
  };
}

/**
 * The sides of a comparison that say more than a name: a side that is only a name (two places and
 * "which is larger") is covered by the names of the whole question.
 */
function comparisonSides(
  question: string,
  vocabulary: readonly NameEntry[],
  now: Date,
  spell: SpellName | undefined,
): QuestionUnderstanding[] {
  const match = COMPARISON_SPLIT.exec(question);
  if (!match) return [];
  const parts = [question.slice(0, match.index), question.slice(match.index + match[0].length)];
  const sides = parts
    .map((part) => part.replace(/^\s*(?:compare|比较|对比)\s*/i, '').trim())
    .filter((part) => part.length >= 4)
    .map((part) => understandQuestion(part, vocabulary, now, spell, false));
  const substantial = sides.filter(
    (side) =>
      side.concepts.some((c) => c.kind === 'word') && (side.names.length > 0 || side.period || side.glossed.length > 1),
  );
  return substantial.length === 2 ? substantial.map((side) => ({ ...side, comparison: false })) : [];
}
