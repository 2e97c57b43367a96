// BM25 keyword index over jieba words: exact names and figures that dense vectors blur.
import { tokenize } from './words.js';

export interface KeywordHit {
  /** Position of the document in the order it was added. */
  doc: number;
  score: number;
}

export interface SerializedKeywordIndex {
  version: 1;
  lengths: number[];
  postings: Record<string, Array<[number, number]>>;
}

/** BM25 parameters: the usual k1 and b. */
const K1 = 1.2;
const B = 0.75;

export class KeywordIndex {
  private readonly lengths: number[];
  private readonly postings: Map<string, Array<[number, number]>>;
  private readonly averageLength: number;

  private constructor(lengths: number[], postings: Map<string, Array<[number, number]>>) {
    this.lengths = lengths;
    this.postings = postings;
    this.averageLength = lengths.length === 0 ? 1 : lengths.reduce((a, b) => a + b, 0) / lengths.length;
  }

  /** Builds the index over `texts`; document i is `texts[i]`. */
  static build(texts: readonly string[]): KeywordIndex {
    const lengths: number[] = [];
    const postings = new Map<string, Array<[number, number]>>();
    texts.forEach((text, doc) => {
      const counts = new Map<string, number>();
      const tokens = tokenize(text);
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      lengths.push(tokens.length);
      for (const [term, tf] of counts) {
        const list = postings.get(term);
        if (list) list.push([doc, tf]);
        else postings.set(term, [[doc, tf]]);
      }
    });
    return new KeywordIndex(lengths, postings);
  }

  static fromJSON(data: SerializedKeywordIndex): KeywordIndex {
    return new KeywordIndex(data.lengths, new Map(Object.entries(data.postings)));
  }

  toJSON(): SerializedKeywordIndex {
    return { version: 1, lengths: this.lengths, postings: Object.fromEntries(this.postings) };
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Inverse document frequency of a term (0 when unknown). */
  idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    if (df === 0) return 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Documents containing the term. */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.length ?? 0;
  }

  /**
   * Top `k` documents for the query terms by BM25. `weights` scales a term's contribution
   * (names and figures from the question count more than generic words).
   */
  search(terms: readonly string[], k: number, weights: ReadonlyMap<string, number> = new Map()): KeywordHit[] {
    const scores = new Map<number, number>();
    for (const term of new Set(terms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term) * (weights.get(term) ?? 1);
      for (const [doc, tf] of list) {
        const length = this.lengths[doc] ?? 0;
        const score = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / this.averageLength));
        scores.set(doc, (scores.get(doc) ?? 0) + score);
      }
    }
    return [...scores.entries()]
      .map(([doc, score]) => ({ doc, score }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, k);
  }
}
