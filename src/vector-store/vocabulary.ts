// The corpus's own names (places, people, organisations) with their pinyin, saved with the index
// so that questions spelling a Chinese name in English or pinyin find it.
import { pinyin } from 'pinyin-pro';
import { AppError } from '../errors.js';
import { isHanWord } from '../text/han.js';
import { hasAdminSuffix } from '../text/places.js';
import { isPlaceStem, isProperName, tagWords } from '../text/words.js';
import { runWorkerOnce } from '../worker-thread.js';

export interface NameEntry {
  /** The Chinese name as it appears in the articles. */
  name: string;
  /** Its pinyin without tones or spaces, lower case. */
  pinyin: string;
  /** jieba tag: ns place, nr person, nt organisation, nz other proper noun. */
  tag: string;
  /** How many times it occurs in the corpus. */
  count: number;
}

/** Pinyin of a Chinese word, lower-case, no tones or separators. */
export function pinyinOf(word: string): string {
  return pinyin(word, { toneType: 'none', separator: '', v: true })
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Collects the proper names of `texts` with counts and pinyin. */
export function buildVocabulary(texts: Iterable<string>): NameEntry[] {
  const counts = new Map<string, { tag: string; count: number }>();
  const add = (name: string, tag: string): void => {
    if (name.length < 2 || name.length > 8 || !isHanWord(name)) return;
    const entry = counts.get(name);
    if (entry) entry.count += 1;
    else counts.set(name, { tag, count: 1 });
  };
  for (const text of texts) {
    const words = tagWords(text);
    for (let i = 0; i < words.length; i += 1) {
      const word = words[i];
      if (!word) continue;
      // jieba splits an unknown two-character personal name into two single nr characters.
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
      // A place is also written without its administrative suffix, but 中心区 → 中心 is a common
      // word, not a place.
      if (word.tag === 'ns' && word.word.length >= 3 && hasAdminSuffix(word.word) && isPlaceStem(base)) {
        add(base, 'ns');
      }
    }
  }
  return [...counts.entries()]
    .map(([name, { tag, count }]) => ({ name, tag, count, pinyin: pinyinOf(name) }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/**
 * Below this many texts the vocabulary is collected on the calling thread: starting a worker takes
 * longer than the tenth of a second tagging them holds the event loop.
 */
export const VOCABULARY_THREAD_FROM_TEXTS = 100;

/**
 * `buildVocabulary` in a worker thread from `VOCABULARY_THREAD_FROM_TEXTS` texts on: tagging every
 * word of a large corpus takes seconds that the bot's users must not wait.
 */
export async function buildVocabularyApart(texts: readonly string[]): Promise<NameEntry[]> {
  if (texts.length < VOCABULARY_THREAD_FROM_TEXTS) return buildVocabulary(texts);
  const reply = await runWorkerOnce<NameEntry[]>(import.meta.url, 'vocabulary-worker', texts);
  if (!reply.ok) throw new AppError('index_build_failed', `collecting the corpus's names failed: ${reply.reason}`);
  return reply.value;
}

/** Two vocabularies as one: counts of the same name added, in the order `buildVocabulary` gives. */
export function mergeVocabularies(a: readonly NameEntry[], b: readonly NameEntry[]): NameEntry[] {
  const merged = new Map<string, NameEntry>(a.map((entry) => [entry.name, { ...entry }]));
  for (const entry of b) {
    const known = merged.get(entry.name);
    if (known) known.count += entry.count;
    else merged.set(entry.name, { ...entry });
  }
  return [...merged.values()].sort((x, y) => y.count - x.count || x.name.localeCompare(y.name));
}
