// The corpus's own names (places, people, organisations) with their pinyin, saved with the index
// so that questions spelled in English or pinyin (Jiamusi, Qiqihar) find the Chinese names.
import { pinyin } from 'pinyin-pro';
import { isPlaceStem, isProperName, tagWords } from './words.js';

export interface NameEntry {
  /** The Chinese name as it appears in the articles, e.g. 佳木斯. */
  name: string;
  /** Its pinyin without tones or spaces, e.g. jiamusi. */
  pinyin: string;
  /** jieba tag: ns place, nr person, nt organisation, nz other proper noun. */
  tag: string;
  /** How many times it occurs in the corpus. */
  count: number;
}

const HAN = /^[\u4e00-\u9fff]+$/;
/** Administrative suffixes: 佳木斯市 is also found as 佳木斯. */
const PLACE_SUFFIX = /(?:市|县|区|省|镇|乡|村|州|盟|旗)$/;

/** Pinyin of a Chinese word, lower-case, no tones or separators. */
export function pinyinOf(word: string): string {
  return pinyin(word, { toneType: 'none', separator: '', v: true }).toLowerCase().replace(/[^a-z]/g, '');
}

/** Collects the proper names of `texts` with counts and pinyin. */
export function buildVocabulary(texts: Iterable<string>): NameEntry[] {
  const counts = new Map<string, { tag: string; count: number }>();
  const add = (name: string, tag: string): void => {
    if (name.length < 2 || name.length > 8 || !HAN.test(name)) return;
    const entry = counts.get(name);
    if (entry) entry.count += 1;
    else counts.set(name, { tag, count: 1 });
  };
  for (const text of texts) {
    const words = tagWords(text);
    for (let i = 0; i < words.length; i += 1) {
      const word = words[i];
      if (!word) continue;
      // jieba splits unknown two-character personal names into single nr characters: 丛 丽.
      if (word.tag === 'nr' && word.word.length === 1) {
        let name = word.word;
        while (name.length < 3 && words[i + 1]?.tag === 'nr' && words[i + 1]?.word.length === 1) {
          name += words[i + 1]?.word ?? '';
          i += 1;
        }
        add(name, 'nr');
        continue;
      }
      if (!isProperName(word.word, word.tag)) continue;
      add(word.word, word.tag);
      const base = word.word.slice(0, -1);
      // 佳木斯市 → 佳木斯, but 中心区 → 中心 is a common word, not a place.
      if (word.tag === 'ns' && word.word.length >= 3 && PLACE_SUFFIX.test(word.word) && isPlaceStem(base)) {
        add(base, 'ns');
      }
    }
  }
  return [...counts.entries()]
    .map(([name, { tag, count }]) => ({ name, tag, count, pinyin: pinyinOf(name) }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
