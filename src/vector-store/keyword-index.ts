// BM25 keyword index over jieba words: exact names and figures that dense vectors blur.
import { joinedPieces } from './json-pieces.js';
import { tokenize } from '../text/words.js';

export interface KeywordHit {
  /** Position of the document in the order it was added. */
  doc: number;
  score: number;
}

/**
 * On disk: version 2 keeps each term's packed postings as base64 (little-endian Int32 pairs of
 * document and term frequency): a fraction of the text, and no number arrays to build when saving
 * or loading 100k chunks. Version 1 (pairs as small arrays) is still read.
 */
export type SerializedKeywordIndex =
  | { version: 1; lengths: number[]; postings: Record<string, Array<[number, number]>> }
  | { version: 2; lengths: number[]; postings: Record<string, string> };

/** An index as `pack` gives it: the terms one after another, and their postings in one array. */
export interface PackedKeywordIndex {
  terms: string;
  termLengths: Int32Array;
  /** Numbers in each term's postings (twice its documents). */
  pairCounts: Int32Array;
  pairs: Int32Array;
  lengths: Float64Array;
}

/** BM25 parameters: the usual k1 and b. */
const K1 = 1.2;
const B = 0.75;

/**
 * Postings are packed per term as (document, tf) pairs in one Int32Array, and scores are summed in
 * a typed array: at 100k chunks a question touches hundreds of thousands of postings, and small
 * arrays and a Map per posting cost gigabytes and hundreds of milliseconds.
 */
export class KeywordIndex {
  private readonly lengths: Float64Array;
  private readonly postings: Map<string, Int32Array>;
  private readonly averageLength: number;

  private constructor(lengths: ArrayLike<number>, postings: Map<string, Int32Array>) {
    this.lengths = Float64Array.from(lengths);
    this.postings = postings;
    let total = 0;
    for (const length of this.lengths) total += length;
    this.averageLength = this.lengths.length === 0 ? 1 : total / this.lengths.length;
  }

  /** Builds the index over `texts`; document i is `texts[i]`. `split` cuts a text into its terms. */
  static build(texts: readonly string[], split: (text: string) => string[] = tokenize): KeywordIndex {
    const { lengths, postings } = countTerms(texts, split, 0);
    return new KeywordIndex(lengths, postings);
  }

  /**
   * This index with `texts` added as the next documents: only they are cut into words, the
   * postings of the terms they share are copied and extended, and the others are shared (an index
   * is never changed once built). The result is the index `build` would give for all the texts.
   */
  withAdded(texts: readonly string[], split: (text: string) => string[] = tokenize): KeywordIndex {
    const added = countTerms(texts, split, this.size);
    const postings = new Map(this.postings);
    for (const [term, pairs] of added.postings) {
      const old = postings.get(term);
      if (!old) {
        postings.set(term, pairs);
        continue;
      }
      const merged = new Int32Array(old.length + pairs.length);
      merged.set(old);
      merged.set(pairs, old.length);
      postings.set(term, merged);
    }
    const lengths = new Float64Array(this.size + added.lengths.length);
    lengths.set(this.lengths);
    lengths.set(added.lengths, this.size);
    return new KeywordIndex(lengths, postings);
  }

  /** The index in a few typed arrays and one string, to hand between threads without copying. */
  pack(): PackedKeywordIndex {
    let used = 0;
    for (const pairs of this.postings.values()) used += pairs.length;
    const termLengths = new Int32Array(this.postings.size);
    const pairCounts = new Int32Array(this.postings.size);
    const pairs = new Int32Array(used);
    const terms: string[] = [];
    let at = 0;
    let i = 0;
    for (const [term, list] of this.postings) {
      terms.push(term);
      termLengths[i] = term.length;
      pairCounts[i] = list.length;
      pairs.set(list, at);
      at += list.length;
      i += 1;
    }
    return { terms: terms.join(''), termLengths, pairCounts, pairs, lengths: this.lengths };
  }

  /** The index `pack` gave; its postings are views of the packed arrays. */
  static unpack(packed: PackedKeywordIndex): KeywordIndex {
    const postings = new Map<string, Int32Array>();
    let termAt = 0;
    let pairAt = 0;
    packed.termLengths.forEach((length, i) => {
      const count = packed.pairCounts[i]!;
      postings.set(packed.terms.slice(termAt, termAt + length), packed.pairs.subarray(pairAt, pairAt + count));
      termAt += length;
      pairAt += count;
    });
    return new KeywordIndex(packed.lengths, postings);
  }

  static fromJSON(data: SerializedKeywordIndex): KeywordIndex {
    const postings = new Map<string, Int32Array>();
    if (data.version === 1) {
      for (const [term, pairs] of Object.entries(data.postings)) postings.set(term, Int32Array.from(pairs.flat()));
    } else {
      for (const [term, encoded] of Object.entries(data.postings)) {
        const bytes = Buffer.from(encoded, 'base64');
        const packed = new Int32Array(bytes.length / 4);
        for (let i = 0; i < packed.length; i += 1) packed[i] = bytes.readInt32LE(i * 4);
        postings.set(term, packed);
      }
    }
    return new KeywordIndex(data.lengths, postings);
  }

  toJSON(): SerializedKeywordIndex {
    const postings: Record<string, string> = {};
    for (const [term, packed] of this.postings) postings[term] = encodePostings(packed);
    return { version: 2, lengths: Array.from(this.lengths), postings };
  }

  /** The same JSON as `toJSON`, a piece at a time, so a large index is never one string in memory. */
  *jsonPieces(): Generator<string> {
    const postings = this.postings;
    const entries = function* (): Generator<string> {
      for (const [term, packed] of postings) yield `${JSON.stringify(term)}:"${encodePostings(packed)}"`;
    };
    yield* joinedPieces(
      `{"version":2,"lengths":${JSON.stringify(Array.from(this.lengths))},"postings":{`,
      entries(),
      '}}',
    );
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Inverse document frequency of a term (0 when unknown). */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    if (df === 0) return 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Documents containing the term. */
  documentFrequency(term: string): number {
    return (this.postings.get(term)?.length ?? 0) / 2;
  }

  /**
   * Top `k` documents for the query terms by BM25. `weights` scales a term's contribution
   * (names and figures from the question count more than generic words).
   */
  search(terms: readonly string[], k: number, weights: ReadonlyMap<string, number> = new Map()): KeywordHit[] {
    const scores = new Float64Array(this.size);
    const seen = new Uint8Array(this.size);
    const touched: number[] = [];
    for (const term of new Set(terms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term) * (weights.get(term) ?? 1);
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i]!;
        const tf = list[i + 1]!;
        const length = this.lengths[doc] ?? 0;
        if (seen[doc] === 0) {
          seen[doc] = 1;
          touched.push(doc);
        }
        scores[doc]! += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / this.averageLength));
      }
    }
    // Keep the best k in a small sorted list: one pass over the documents that scored.
    const best: KeywordHit[] = [];
    for (const doc of touched) {
      const score = scores[doc]!;
      if (
        best.length === k &&
        !(score > best[k - 1]!.score || (score === best[k - 1]!.score && doc < best[k - 1]!.doc))
      )
        continue;
      let at = best.length;
      while (at > 0 && (best[at - 1]!.score < score || (best[at - 1]!.score === score && best[at - 1]!.doc > doc)))
        at -= 1;
      best.splice(at, 0, { doc, score });
      if (best.length > k) best.pop();
    }
    return best;
  }
}

/**
 * Term counts of `texts`, numbered from `firstDoc`: each text's length in terms, and each term's
 * (document, tf) pairs packed in an Int32Array that doubles when full (a third of the memory of
 * number arrays while 100k chunks are read).
 */
function countTerms(
  texts: readonly string[],
  split: (text: string) => string[],
  firstDoc: number,
): { lengths: number[]; postings: Map<string, Int32Array> } {
  const lengths: number[] = [];
  const growing = new Map<string, { pairs: Int32Array; used: number }>();
  texts.forEach((text, i) => {
    const counts = new Map<string, number>();
    const tokens = split(text);
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    lengths.push(tokens.length);
    for (const [term, tf] of counts) {
      let list = growing.get(term);
      if (!list) {
        list = { pairs: new Int32Array(4), used: 0 };
        growing.set(term, list);
      } else if (list.used + 2 > list.pairs.length) {
        const larger = new Int32Array(list.pairs.length * 2);
        larger.set(list.pairs);
        list.pairs = larger;
      }
      list.pairs[list.used] = firstDoc + i;
      list.pairs[list.used + 1] = tf;
      list.used += 2;
    }
  });
  const postings = new Map<string, Int32Array>();
  for (const [term, list] of growing) postings.set(term, list.pairs.slice(0, list.used));
  return { lengths, postings };
}

/** Packed postings as base64 of little-endian Int32 values. */
function encodePostings(packed: Int32Array): string {
  const bytes = Buffer.alloc(packed.length * 4);
  packed.forEach((value, i) => bytes.writeInt32LE(value, i * 4));
  return bytes.toString('base64');
}
