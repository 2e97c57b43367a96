// Answer quality against a question set with gold answers and sources: retrieval hits and MRR,
// answer correctness, declines and over-refusals, figure faithfulness, time per question.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Answerer } from '../../src/answer/answer-question.js';
import type { Answer } from '../../src/answer/types.js';
import { findFigures } from '../../src/retrieval/figures.js';
import type { Language } from '../../src/text/language.js';
import { percentile } from '../stats.js';

export interface QaItem {
  id: string;
  lang: Language;
  question: string;
  answer?: string;
  must_include: string[];
  sources: string[];
  kind: string;
}

export interface ItemResult {
  id: string;
  lang: string;
  kind: string;
  question: string;
  status: Answer['status'];
  /** 1-based rank of the first gold source among cited then retrieved articles; 0 when absent. */
  rank: number;
  correct: boolean;
  missing: string[];
  faithful: boolean;
  unfaithfulFigures: string[];
  seconds: number;
  text: string;
}

export interface Metrics {
  questions: number;
  answerable: number;
  unanswerable: number;
  hitAt1: number;
  hitAt3: number;
  hitAt5: number;
  mrr: number;
  correctness: number;
  declined: number;
  overRefusal: number;
  faithfulness: number;
  medianSeconds: number;
  p95Seconds: number;
}

export async function readQaFile(file: string): Promise<QaItem[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as QaItem;
      } catch {
        throw new Error(`${file}:${i + 1} is not a JSON object`);
      }
    });
}

/** Figures in an answer that appear in none of the passages it cites for them. */
export function unfaithfulFigures(answer: Answer): string[] {
  const bad: string[] = [];
  const passages = new Map(answer.citations.map((c) => [c.n, c.passage.replace(/\s+/g, '')]));
  const all = [...passages.values()].join('\n');
  for (const line of answer.text.split('\n')) {
    const cited = [...line.matchAll(/\[(\d+)\]/g)].map((m) => passages.get(Number(m[1])) ?? '');
    const evidence = cited.length > 0 ? cited.join('\n') : all;
    for (const figure of findFigures(line.replace(/\[\d+\]/g, ''))) {
      if (!evidence.includes(figure.text)) bad.push(figure.text);
    }
  }
  return bad;
}

function sameFile(a: string, b: string): boolean {
  return path.basename(a) === path.basename(b);
}

export async function evaluateItem(answerer: Answerer, item: QaItem): Promise<ItemResult> {
  const started = performance.now();
  const { answer, passages } = await answerer.answerWithDetails(item.question);
  const seconds = (performance.now() - started) / 1000;
  const ranked: string[] = [];
  for (const file of [...answer.citations.map((c) => c.file), ...passages.map((p) => p.article.file)]) {
    if (!ranked.some((r) => sameFile(r, file))) ranked.push(file);
  }
  const rankOf = (source: string): number => ranked.findIndex((file) => sameFile(file, source)) + 1;
  const ranks = item.sources.map(rankOf).filter((r) => r > 0);
  const missing = item.must_include.filter((must) => !answer.text.includes(must));
  const answerable = item.kind !== 'unanswerable';
  const unfaithful = unfaithfulFigures(answer);
  return {
    id: item.id,
    lang: item.lang,
    kind: item.kind,
    question: item.question,
    status: answer.status,
    rank: ranks.length > 0 ? Math.min(...ranks) : 0,
    correct: answerable ? answer.status === 'answered' && missing.length === 0 : answer.status === 'not-found',
    missing,
    faithful: unfaithful.length === 0,
    unfaithfulFigures: unfaithful,
    seconds,
    text: answer.text,
  };
}

function ratio(count: number, total: number): number {
  return total === 0 ? Number.NaN : Math.round((count / total) * 1000) / 1000;
}

export function summarise(results: readonly ItemResult[]): Metrics {
  const answerable = results.filter((r) => r.kind !== 'unanswerable');
  const unanswerable = results.filter((r) => r.kind === 'unanswerable');
  const hit = (k: number) => ratio(answerable.filter((r) => r.rank > 0 && r.rank <= k).length, answerable.length);
  const reciprocalRanks = answerable.reduce((sum, r) => sum + (r.rank > 0 ? 1 / r.rank : 0), 0);
  const seconds = results.map((r) => r.seconds);
  const roundToMs = (value: number) => Math.round(value * 1000) / 1000;
  return {
    questions: results.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hitAt1: hit(1),
    hitAt3: hit(3),
    hitAt5: hit(5),
    mrr: ratio(reciprocalRanks, answerable.length),
    correctness: ratio(answerable.filter((r) => r.correct).length, answerable.length),
    declined: ratio(unanswerable.filter((r) => r.status === 'not-found').length, unanswerable.length),
    overRefusal: ratio(answerable.filter((r) => r.status === 'not-found').length, answerable.length),
    faithfulness: ratio(results.filter((r) => r.faithful).length, results.length),
    medianSeconds: roundToMs(percentile(seconds, 50)),
    p95Seconds: roundToMs(percentile(seconds, 95)),
  };
}

export async function evaluate(answerer: Answerer, items: readonly QaItem[]): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  for (const item of items) results.push(await evaluateItem(answerer, item));
  return results;
}

/** Groups results by language and by kind, with an "all" row. */
export function breakdown(results: readonly ItemResult[]): Array<{ group: string; metrics: Metrics }> {
  const groups: Array<{ group: string; metrics: Metrics }> = [{ group: 'all', metrics: summarise(results) }];
  for (const lang of [...new Set(results.map((r) => r.lang))].sort()) {
    groups.push({ group: `lang=${lang}`, metrics: summarise(results.filter((r) => r.lang === lang)) });
  }
  for (const kind of [...new Set(results.map((r) => r.kind))].sort()) {
    groups.push({ group: `kind=${kind}`, metrics: summarise(results.filter((r) => r.kind === kind)) });
  }
  return groups;
}
