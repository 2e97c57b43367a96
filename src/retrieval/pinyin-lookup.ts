// English/pinyin spellings of names the vocabulary lacks (people whose names jieba cannot cut out
// of the words around them): every two- to four-character run of Chinese in the corpus, keyed by
// its pinyin, built once per index on first need. Many runs share a pinyin (a name and an unrelated
// pair of characters), so the one written in the same articles as the question's other names wins,
// then the most frequent.
import { pinyin } from 'pinyin-pro';
import { hanRuns } from '../text/han.js';
import type { LoadedIndex } from '../vector-store/store.js';
import { articleText } from './search.js';

interface Spelling {
  text: string;
  count: number;
  articles: Set<string>;
}

/** Spellings kept per pinyin key, and articles remembered per spelling. */
const MAX_SPELLINGS = 12;
const MAX_ARTICLES = 50;

const lookups = new WeakMap<LoadedIndex, Map<string, Spelling[]>>();

function build(index: LoadedIndex): Map<string, Spelling[]> {
  const charPinyin = new Map<string, string>();
  const keyOf = (char: string): string => {
    let value = charPinyin.get(char);
    if (value === undefined) {
      value = pinyin(char, { toneType: 'none', v: true }).toLowerCase();
      charPinyin.set(char, value);
    }
    return value;
  };
  const grams = new Map<string, Spelling>();
  for (const chunk of index.chunks) {
    for (const run of hanRuns(chunk.text, 2)) {
      for (let size = 2; size <= 4; size += 1) {
        for (let i = 0; i + size <= run.length; i += 1) {
          const text = run.slice(i, i + size);
          const entry = grams.get(text) ?? { text, count: 0, articles: new Set<string>() };
          entry.count += 1;
          if (entry.articles.size < MAX_ARTICLES) entry.articles.add(chunk.metadata.articleId);
          grams.set(text, entry);
        }
      }
    }
  }
  const byKey = new Map<string, Spelling[]>();
  for (const spelling of grams.values()) {
    const key = [...spelling.text].map(keyOf).join('');
    const list = byKey.get(key) ?? [];
    list.push(spelling);
    list.sort((a, b) => b.count - a.count);
    byKey.set(key, list.slice(0, MAX_SPELLINGS));
  }
  return byKey;
}

/**
 * Builds (once per index) the pinyin table `corpusSpelling` reads: about a second for a thousand
 * articles, so servers call it when an index is loaded rather than on a user's first question.
 */
export function prepareSpellings(index: LoadedIndex): Map<string, Spelling[]> {
  let byKey = lookups.get(index);
  if (!byKey) {
    byKey = build(index);
    lookups.set(index, byKey);
  }
  return byKey;
}

/**
 * The corpus's Chinese spelling of a pinyin string: the one sharing articles with `context` names
 * when any does, otherwise the most frequent.
 */
export function corpusSpelling(index: LoadedIndex, key: string, context: readonly string[] = []): string | undefined {
  const byKey = prepareSpellings(index);
  const spellings = byKey.get(key.toLowerCase().replace(/[^a-z]/g, ''));
  if (!spellings || spellings.length === 0) return undefined;
  if (context.length === 0) return spellings[0]?.text;
  const namesContext = (id: string): boolean => context.some((name) => articleText(index, id).includes(name));
  const together = spellings
    .map((s) => ({ s, shared: [...s.articles].filter(namesContext).length }))
    .filter((x) => x.shared > 0)
    .sort((a, b) => b.shared - a.shared || b.s.count - a.s.count);
  return together[0]?.s.text;
}
