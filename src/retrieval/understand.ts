// Question understanding before search: language, the Chinese names it is about (including
// English/pinyin spellings matched against the corpus's own vocabulary), domain words through the
// glossary, the period it asks about, and whether it wants a figure.
import { pinyin } from 'pinyin-pro';
import type { NameEntry } from '../vector-store/vocabulary.js';
import { cutWords, isProperName, isStopword, tagWords, tokenize } from '../vector-store/words.js';
import { ENGLISH_NAMES, ENGLISH_STOPWORDS, GLOSSARY } from './glossary.js';
import { countedThing, wantedFigureKinds, type FigureKind } from './figures.js';
import { parsePeriod, type Period } from './periods.js';

export type Language = 'zh' | 'en';

export interface NameMention {
  /** The Chinese name searched for, e.g. 佳木斯. */
  name: string;
  /** How the question wrote it, e.g. Jiamusi. */
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
   * The sides of a comparison, each read on its own ("Sichuan's FDI growth in H1 2022" / "China's
   * growth in foreign capital in January 2022"): each needs its own evidence. Empty otherwise.
   */
  sides: QuestionUnderstanding[];
}

/** Where a comparison question divides into its sides. */
const COMPARISON_SPLIT = /\s+(?:compared (?:with|to)|versus|vs\.?|with|against|and|or)\s+|相比|和|与|跟|同|，|,/i;

const HAN = /[\u4e00-\u9fff]/g;
const PLACE_SUFFIX = /(?:市|县|区|省)$/;

/** 佳木斯市 → 佳木斯, so that both spellings match; two-character names keep their suffix (城区). */
function baseName(name: string): string {
  return name.length >= 3 ? name.replace(PLACE_SUFFIX, '') : name;
}
const FIGURE_QUESTION =
  /多少|几个|几家|几项|几成|金额|总额|规模|数额|增长|增速|增幅|同比|产能|产量|how much|how many|capacity|how (?:large|big)|what (?:was|is|were) the (?:total|amount|value|number)|\bamount\b|\bvalue\b|\btotal\b|\bgrowth\b|\bgrew\b|\bincrease\b|\brate\b|percent|\bpmi\b|\bindex\b|\bvolume\b|指数|\b(?:more|less|fewer) than\b|\bat least\b|超过|多于|少于|不到|不少于/i;

const COMPARISON =
  /哪个|哪一个|哪家|谁更|比较|相比|对比|分别|还是|compare|comparison|versus|\bvs\.?\b|\bboth\b|\bwhich\b.*\b(?:more|larger|bigger|higher|greater|faster)\b|respectively/i;

/** 'zh' when Chinese characters carry the question, 'en' otherwise. */
export function detectLanguage(question: string): Language {
  const han = question.match(HAN)?.length ?? 0;
  const latinWords = question.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  return han >= 2 && han >= latinWords ? 'zh' : 'en';
}

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

/** Words of a Chinese question that can show up in an answer sentence (question words dropped). */
function contentWords(question: string): string[] {
  return cutWords(question).filter(
    (word) => /[\u4e00-\u9fffA-Za-z0-9]/.test(word) && !isStopword(word) && (word.length >= 2 || /\d/.test(word)),
  );
}

let syllables: Set<string> | undefined;

/** Every pinyin syllable, read off the CJK block once. */
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

/** True when the word splits into two or more pinyin syllables (Daqing, Suifenhe). */
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

function pinyinMap(vocabulary: readonly NameEntry[]): Map<string, NameEntry> {
  const map = new Map<string, NameEntry>();
  // Vocabulary is sorted by count: the most frequent name with a spelling wins.
  for (const entry of vocabulary) {
    if (entry.pinyin.length < 4) continue;
    // Postal-style spellings drop the e of 尔 after a vowel: 齐齐哈尔 qiqihaer → Qiqihar, 哈尔滨 → Harbin.
    for (const key of [entry.pinyin, entry.pinyin.replace(/([aeiou])er/g, '$1r')]) {
      if (!map.has(key)) map.set(key, entry);
    }
  }
  return map;
}

const pinyinMaps = new WeakMap<readonly NameEntry[], Map<string, NameEntry>>();

function namesInChinese(question: string, vocabulary: readonly NameEntry[]): NameMention[] {
  const found: NameMention[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (start: number, end: number): boolean => taken.some(([s, e]) => start < e && end > s);
  // Longest names first so 齐齐哈尔市 is not also reported as 齐齐哈尔 and 哈尔.
  const known = vocabulary.filter((entry) => question.includes(entry.name)).sort((a, b) => b.name.length - a.name.length);
  for (const entry of known) {
    const start = question.indexOf(entry.name);
    if (overlaps(start, start + entry.name.length)) continue;
    taken.push([start, start + entry.name.length]);
    found.push({ name: baseName(entry.name), asked: entry.name, known: true });
  }
  // Names jieba recognises that the corpus lacks (大庆市): the articles may simply not cover them.
  let offset = 0;
  for (const word of tagWords(question)) {
    const start = offset;
    offset += word.word.length;
    if (!isProperName(word.word, word.tag) || overlaps(start, offset)) continue;
    taken.push([start, offset]);
    found.push({ name: baseName(word.word), asked: word.word, known: false });
  }
  return found;
}

interface EnglishReading {
  names: NameMention[];
  unknownNames: string[];
  glossed: Array<{ english: string; chinese: readonly string[] }>;
  latinTerms: string[];
}

const MONTH_NAMES = /^(january|february|march|april|may|june|july|august|september|october|november|december)$/i;

function readEnglish(
  question: string,
  vocabulary: readonly NameEntry[],
  spell?: (pinyin: string, context: readonly string[]) => string | undefined,
): EnglishReading {
  let map = pinyinMaps.get(vocabulary);
  if (!map) {
    map = pinyinMap(vocabulary);
    pinyinMaps.set(vocabulary, map);
  }
  const original = question.replace(/[’`]/g, "'").replace(/'s\b/g, '').match(/[A-Za-z0-9][A-Za-z0-9.$'-]*/g) ?? [];
  const words = original.map((w) => w.replace(/[.'-]+$/, ''));
  const lower = words.map((w) => w.toLowerCase());
  const used = new Array<boolean>(words.length).fill(false);
  /** Words read as (part of) a name. */
  const named = new Array<boolean>(words.length).fill(false);
  const glossed: EnglishReading['glossed'] = [];
  const names: NameMention[] = [];
  for (let size = 4; size >= 1; size -= 1) {
    for (let i = 0; i + size <= words.length; i += 1) {
      if (used.slice(i, i + size).some(Boolean)) continue;
      const phrase = lower.slice(i, i + size).join(' ');
      const asked = words.slice(i, i + size).join(' ');
      const englishName = ENGLISH_NAMES[phrase];
      // Plurals read as their singular (signings, investments) when only the singular is listed.
      const chinese = GLOSSARY[phrase] ?? GLOSSARY[phrase.replace(/ /g, '-')] ?? (/[^s]s$/.test(phrase) ? GLOSSARY[phrase.slice(0, -1)] : undefined);
      // Pinyin spellings are letters only: "2023 Yabuli" is a year and a name, not one name.
      const joined = lower.slice(i, i + size).some((w) => /[^a-z']/.test(w)) ? '' : lower.slice(i, i + size).join('').replace(/'/g, '');
      const entry = joined.length >= 4 && !ENGLISH_STOPWORDS.has(phrase) ? map.get(joined) : undefined;
      if (englishName) {
        const name = englishName[0] ?? '';
        names.push({ name, asked, known: vocabulary.some((v) => v.name === name || v.name.startsWith(name)) });
        glossed.push({ english: asked, chinese: englishName });
      } else if (chinese) {
        glossed.push({ english: asked, chinese });
      } else if (entry) {
        names.push({ name: baseName(entry.name), asked, known: true });
      } else {
        continue;
      }
      for (let j = i; j < i + size; j += 1) {
        used[j] = true;
        named[j] = englishName !== undefined || (!chinese && entry !== undefined);
      }
    }
  }
  // Capitalised words left over may be names in pinyin that only the corpus text knows ("Cong Li"
  // → 丛丽): try each run of them, then each word, against the corpus's own spellings.
  const capitalised = (i: number): boolean =>
    !used[i] && i > 0 && /^[A-Z][a-z]+$/.test(words[i] ?? '') && !ENGLISH_STOPWORDS.has(lower[i] ?? '') && !MONTH_NAMES.test(words[i] ?? '');
  if (spell) {
    for (let i = 0; i < words.length; i += 1) {
      if (!capitalised(i)) continue;
      let end = i;
      while (end + 1 < words.length && capitalised(end + 1)) end += 1;
      for (let size = end - i + 1; size >= 1; size -= 1) {
        const run = words.slice(i, i + size);
        const key = run.join('').toLowerCase();
        if (!looksLikePinyin(key) && !(size > 1 && run.every((w) => looksLikePinyin(`${w}${w}`)))) continue;
        const found = spell(key, names.map((n) => n.name));
        if (found) {
          names.push({ name: found, asked: run.join(' '), known: true });
          for (let j = i; j < i + size; j += 1) used[j] = named[j] = true;
          break;
        }
      }
    }
  }
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
    // explains is a name the articles may not cover (Daqing, Mudanjiang, Toyota).
    // A capitalised word running on from a name is part of it (Changxin Holdings, Daqing Oilfield).
    if (/^[A-Z][a-z]+$/.test(word) && i > 0 && (looksLikePinyin(word) || word.length >= 4)) {
      if (!partOfName(i)) unknownNames.push(word);
    }
    // Periods (Q1, H1, 2022) are read separately; codes and figures (1GW, FDI) are search words.
    else if (/^(?:q[1-4]|h[12]|(?:19|20)\d{2}|\d{1,2}(?:st|nd|rd|th)?)$/.test(low)) return;
    else if (/\d/.test(low) || /^[A-Z0-9]{2,6}$/.test(word)) latinTerms.push(low);
  });
  // In a Title Case question every word is capitalised, so capitals say nothing about names.
  const longWords = words.filter((w, i) => i > 0 && w.length >= 3 && /^[A-Za-z]+$/.test(w));
  const titleCase = longWords.length >= 3 && longWords.filter((w) => /^[A-Z]/.test(w)).length / longWords.length > 0.6;
  return { names, unknownNames: titleCase ? [] : unknownNames, glossed, latinTerms };
}

/** Reads a question: language, names, glossary words, period, figure intent, search terms. */
export function understandQuestion(
  question: string,
  vocabulary: readonly NameEntry[],
  now: Date = new Date(),
  /** Chinese spelling of a pinyin string from the corpus itself, for names the vocabulary lacks. */
  spell?: (pinyin: string, context: readonly string[]) => string | undefined,
  /** Read the sides of a comparison too (not for a side itself). */
  withSides = true,
): QuestionUnderstanding {
  const language = detectLanguage(question);
  const period = parsePeriod(question, now);
  const weights = new Map<string, number>();
  const weigh = (terms: readonly string[], weight: number): void => {
    for (const term of terms) weights.set(term, Math.max(weights.get(term) ?? 1, weight));
  };
  let searchText: string;
  let terms: string[];
  let names: NameMention[];
  let unknownNames: string[] = [];
  let glossed: QuestionUnderstanding['glossed'] = [];
  const concepts: Concept[] = [];
  if (language === 'zh') {
    names = namesInChinese(question, vocabulary);
    searchText = question;
    terms = tokenize(question);
    const inName = (word: string): boolean => names.some((n) => n.asked.includes(word) || n.name.includes(word));
    const inPeriod = (word: string): boolean =>
      period !== undefined && (period.terms.some((t) => t.includes(word)) || /^\d{4}年?$|^\d{1,2}月$/.test(word));
    for (const word of contentWords(question)) {
      if (inName(word) || inPeriod(word) || /^\d+$/.test(word)) continue;
      concepts.push({ kind: 'word', alternatives: [word, ...(SYNONYMS[word] ?? [])], weight: 1 });
    }
  } else {
    const reading = readEnglish(question, vocabulary, spell);
    names = reading.names;
    unknownNames = reading.unknownNames;
    glossed = reading.glossed;
    // Chinese written into an English question ("what did 佳木斯 sign?") is read as Chinese.
    const han = (question.match(/[\u4e00-\u9fff]+/g) ?? []).join('，');
    if (han) {
      for (const name of namesInChinese(han, vocabulary)) if (!names.some((n) => n.name === name.name)) names.push(name);
      for (const word of contentWords(han)) {
        if (names.some((n) => n.asked.includes(word) || n.name.includes(word))) continue;
        glossed.push({ english: word, chinese: [word, ...(SYNONYMS[word] ?? [])] });
      }
    }
    // "How much" in investment news is an amount in 亿元/万元; "how many" a count of projects.
    const figureWords = /how much|amount|value|worth/i.test(question)
      ? ['投资总额', '金额', '亿元']
      : /how many|number of/i.test(question)
        ? ['个', '数量']
        : [];
    const chineseWords = [
      ...names.map((n) => n.name),
      ...glossed.flatMap((g) => g.chinese),
      ...(period?.terms.slice(0, 2) ?? []),
      ...(period?.year ? [`${period.year}年`] : []),
      ...figureWords,
    ];
    searchText = [...new Set(chineseWords)].join(' ') || question;
    terms = [...tokenize(searchText), ...reading.latinTerms];
    for (const { chinese } of glossed) {
      if (names.some((n) => chinese.includes(n.name))) continue;
      concepts.push({ kind: 'word', alternatives: [...chinese], weight: 1 });
    }
    for (const term of reading.latinTerms) concepts.push({ kind: 'word', alternatives: [term], weight: 1 });
    for (const name of unknownNames) concepts.push({ kind: 'name', alternatives: [name.toLowerCase()], weight: 2.5 });
  }
  for (const name of names) {
    concepts.push({ kind: 'name', alternatives: [...new Set([name.name, name.asked])], weight: 2.5 });
  }
  if (period) concepts.push({ kind: 'period', alternatives: [...period.terms], weight: 1.2 });
  const nameTerms = names.flatMap((n) => [n.name, ...tokenize(n.name)]);
  terms.push(...nameTerms);
  weigh(nameTerms, 2.5);
  if (period) {
    // Whole period words only: cutting "1-3月" would add noise such as "1" and "月".
    const periodTerms = period.terms.filter((t) => /^[\u4e00-\u9fff]{2,}$/.test(t));
    terms.push(...periodTerms);
    weigh(periodTerms, 1.2);
  }
  const comparison = COMPARISON.test(question);
  return {
    question,
    language,
    searchText,
    terms: [...new Set(terms)],
    weights,
    names,
    unknownNames,
    glossed,
    period,
    concepts,
    comparison,
    wantsFigure: FIGURE_QUESTION.test(question),
    figureKinds: FIGURE_QUESTION.test(question) ? wantedFigureKinds(question, language) : [],
    counted: countedThing(question, language, GLOSSARY),
    sides: comparison && withSides ? comparisonSides(question, vocabulary, now, spell) : [],
  };
}

/**
 * The sides of a comparison that say more than a name: a side that is only a name ("佳木斯" in
 * "佳木斯和齐齐哈尔哪个更大") is covered by the names of the whole question.
 */
function comparisonSides(
  question: string,
  vocabulary: readonly NameEntry[],
  now: Date,
  spell: ((pinyin: string, context: readonly string[]) => string | undefined) | undefined,
): QuestionUnderstanding[] {
  const match = COMPARISON_SPLIT.exec(question);
  if (!match) return [];
  const parts = [question.slice(0, match.index), question.slice(match.index + match[0].length)];
  const sides = parts
    .map((part) => part.replace(/^\s*(?:compare|比较|对比)\s*/i, '').trim())
    .filter((part) => part.length >= 4)
    .map((part) => understandQuestion(part, vocabulary, now, spell, false));
  const substantial = sides.filter((side) => side.concepts.some((c) => c.kind === 'word') && (side.names.length > 0 || side.period || side.glossed.length > 1));
  return substantial.length === 2 ? substantial.map((side) => ({ ...side, comparison: false })) : [];
}

