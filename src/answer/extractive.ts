// The offline answer: the retrieved passages' best sentences for the question, quoted verbatim
// (figures untouched), each followed by its [n]. Says plainly when the articles don't cover it.
import { sentenceSpans } from '../ingestion/chunk.js';
import type { Passage } from '../retrieval/search.js';
import { articleText } from '../retrieval/search.js';
import type { Concept, QuestionUnderstanding } from '../retrieval/understand.js';
import { tokenize } from '../vector-store/words.js';
import type { LoadedIndex } from '../vector-store/index-store.js';
import { countsThing, figureCore, findFigures, type FigureKind } from '../retrieval/figures.js';
import { statesOtherPeriod } from '../retrieval/periods.js';
import type { Answer, Citation } from './types.js';

export interface ExtractiveOptions {
  /** Sentences quoted at most. Default 3. */
  maxSentences?: number;
  /** Share of the question's weighted terms a sentence must cover to count as an answer. Default 0.3. */
  minCoverage?: number;
}

interface Candidate {
  passage: Passage;
  sentence: string;
  score: number;
  coverage: number;
  /** Coverage of the question's content words alone (names and period left out). */
  contentCoverage: number;
  matched: Set<string>;
  figures: string[];
  /** Kinds of the figures above. */
  kinds: Set<FigureKind>;
  /** The sentence after this one in the same passage, if it was scored. */
  next?: Candidate;
}

/**
 * Share of the question's content words (not its names or period) a sentence and its passage must
 * cover: "the population of Harbin" is not answered by any sentence that merely names Harbin.
 */
const MIN_CONTENT_COVERAGE = 0.25;

/**
 * Extra score for a sentence that states a figure of the asked kind which the article's headline
 * also gives: news headlines carry the article's key figure (1118个项目总投资超1.35万亿元), and
 * the sentence that restates it is the one that answers "how many / how much" about the article.
 */
const HEADLINE_FIGURE_BONUS = 0.15;

/** Score kept by a sentence that states a period other than the one asked about. */
const OTHER_PERIOD_FACTOR = 0.75;

export const NOT_FOUND_TEXT = {
  zh: '已索引的文章中没有找到与这个问题相关的内容，无法回答。',
  en: "The indexed articles don't cover this, so I can't answer it.",
} as const;

/** A concept's importance: rare words count most; words the corpus lacks count as rarest. */
function conceptWeight(index: LoadedIndex, concept: Concept, maxIdf: number): number {
  let idf = 0;
  for (const alternative of concept.alternatives) {
    const term = alternative.toLowerCase();
    if (index.keywords.documentFrequency(term) > 0) idf = Math.max(idf, index.keywords.idf(term));
    else {
      for (const token of tokenize(term)) {
        if (index.keywords.documentFrequency(token) > 0) idf = Math.max(idf, 0.8 * index.keywords.idf(token));
      }
    }
  }
  return (idf > 0 ? idf : maxIdf) * concept.weight;
}

/** How well the article's date alone fits the period: its window, or the same months of any year. */
function dateFit(understanding: QuestionUnderstanding, passage: Passage): number {
  const period = understanding.period;
  if (!period) return 0;
  if (passage.inPeriod === true) return 0.6;
  if (period.year === undefined && period.terms.length > 0 && passage.article.date) {
    const month = Number(passage.article.date.slice(5, 7));
    const months = period.terms.join(' ');
    if (months.includes(`${month}月`) || months.includes(`-${month}月`)) return 0.4;
  }
  return 0;
}

function scoreSentences(
  index: LoadedIndex,
  understanding: QuestionUnderstanding,
  passages: readonly Passage[],
): Candidate[] {
  const maxIdf = Math.log(1 + (index.keywords.size + 0.5) / 0.5);
  const concepts = understanding.concepts.map((concept) => ({
    concept,
    weight: conceptWeight(index, concept, maxIdf),
    forms: concept.alternatives.map((a) => a.toLowerCase()),
  }));
  const total = concepts.reduce((sum, c) => sum + c.weight, 0) || 1;
  const multipleNames = concepts.filter((c) => c.concept.kind === 'name').length >= 2;
  const contentTotal = concepts.filter((c) => c.concept.kind === 'word').reduce((sum, c) => sum + c.weight, 0);
  const topScore = passages[0]?.score ?? 1;
  const candidates: Candidate[] = [];
  for (const passage of passages) {
    const context = `${passage.article.title}\n${passage.chunk.text}`.toLowerCase();
    const whole = articleText(index, passage.article.id).toLowerCase();
    const fitOfDate = dateFit(understanding, passage);
    const headline = new Set(findFigures(passage.article.title).map((f) => figureCore(f.text)));
    // The headline speaks for the question only when it names what the question names (or, with
    // no names, holds one of its words).
    const title = passage.article.title.toLowerCase();
    const aboutAsked =
      understanding.names.length > 0
        ? understanding.names.every((n) => passage.article.title.includes(n.name))
        : concepts.some((c) => c.concept.kind === 'word' && c.forms.some((form) => title.includes(form)));
    let previous: Candidate | undefined;
    for (const span of sentenceSpans(passage.chunk.text)) {
      const sentence = passage.chunk.text.slice(span.start, span.end);
      if (sentence.length < 8) continue;
      const lower = sentence.toLowerCase();
      const matched = new Set<string>();
      let covered = 0;
      let contentCovered = 0;
      for (const { concept, weight, forms } of concepts) {
        let fit = 0;
        const inSentence = forms.find((form) => lower.includes(form));
        if (inSentence !== undefined) {
          matched.add(inSentence);
          fit = 1;
        } else if (forms.some((form) => context.includes(form))) {
          // A name is usually the topic of the whole passage, stated once and then implied.
          fit = concept.kind === 'name' ? 0.9 : 0.45;
        } else if (forms.some((form) => whole.includes(form))) {
          fit = concept.kind === 'name' ? 0.6 : 0.25;
        }
        if (concept.kind === 'period') fit = Math.max(fit, fitOfDate);
        covered += fit * weight;
        if (concept.kind === 'word') contentCovered += fit * weight;
      }
      // In a comparison, a sentence speaks for the names its article holds.
      const absentNames = multipleNames && understanding.comparison
        ? concepts
            .filter((c) => c.concept.kind === 'name' && !c.forms.some((form) => whole.includes(form)))
            .reduce((sum, c) => sum + c.weight, 0)
        : 0;
      const coverage = covered / Math.max(total - absentNames, 1e-9);
      const wanted = findFigures(sentence).filter(
        (f) =>
          (understanding.figureKinds.length === 0 || understanding.figureKinds.includes(f.kind)) &&
          countsThing(sentence, f, understanding.counted),
      );
      const figures = wanted.map((f) => f.text);
      let score = coverage + 0.1 * (passage.score / topScore);
      // A question for an amount or a count is answered by a sentence with a figure — better, with
      // every kind asked for ("how many projects, and how much?") …
      if (understanding.wantsFigure && wanted.length === 0) score *= 0.6;
      else if (understanding.wantsFigure) {
        const kindsAsked = understanding.figureKinds.length;
        const kindsGiven = new Set(wanted.map((f) => f.kind)).size;
        score += 0.05 + 0.05 * (kindsAsked === 0 ? 1 : kindsGiven / kindsAsked);
        // … and best, with the figure the headline gives: the article's key fact, stated in full.
        if (aboutAsked && wanted.some((f) => headline.has(figureCore(f.text)))) score += HEADLINE_FIGURE_BONUS;
      }
      // A sentence about another period (前6个月 when January–February was asked) is not the answer.
      if (understanding.period && statesOtherPeriod(sentence, understanding.period)) score *= OTHER_PERIOD_FACTOR;
      // Very long sentences are lists; a focused sentence is a better quote.
      if (sentence.length > 220) score -= 0.05;
      const contentCoverage = contentTotal > 0 ? contentCovered / contentTotal : 1;
      const candidate: Candidate = { passage, sentence, score, coverage, contentCoverage, matched, figures, kinds: new Set(wanted.map((f) => f.kind)) };
      if (previous) previous.next = candidate;
      previous = candidate;
      candidates.push(candidate);
    }
  }
  return candidates.sort((a, b) => b.score - a.score);
}

function overlap(a: string, b: string): number {
  const shorter = a.length < b.length ? a : b;
  const longer = a.length < b.length ? b : a;
  return longer.includes(shorter) ? 1 : 0;
}

/**
 * Names of the question that no retrieved article mentions: the articles can't be about them.
 * That includes names nothing could spell in Chinese (Tesla, Toyota) unless an article has them in
 * Latin letters.
 */
function missingNames(index: LoadedIndex, understanding: QuestionUnderstanding, passages: readonly Passage[]): string[] {
  const unspelled = understanding.unknownNames.filter((name) => {
    const lower = name.toLowerCase();
    return !passages.some((p) => articleText(index, p.article.id).toLowerCase().includes(lower));
  });
  return [
    ...understanding.names.map((n) => n.name).filter((name) => !passages.some((p) => p.namesInArticle.includes(name))),
    ...unspelled,
  ];
}

function selectEvidence(
  understanding: QuestionUnderstanding,
  candidates: readonly Candidate[],
  maxSentences: number,
  /** Sentences the answer must hold (the best for each side of a comparison). */
  required: readonly Candidate[] = [],
): Candidate[] {
  // Thresholds are relative to the best sentence for the whole question.
  const best = candidates[0] ?? required[0];
  if (!best) return [];
  const selected: Candidate[] = [];
  for (const candidate of [...required, ...candidates.slice(0, 1)]) {
    if (!selected.some((s) => overlap(s.sentence, candidate.sentence) > 0)) selected.push(candidate);
  }
  const matched = new Set(selected.flatMap((c) => [...c.matched]));
  const figures = new Set(selected.flatMap((c) => c.figures));
  const names = understanding.names.map((n) => n.name);
  const namesCovered = (): Set<string> =>
    new Set(selected.flatMap((c) => c.passage.namesInArticle));
  // A question about several places (a comparison) needs evidence for each.
  for (const name of names) {
    if (selected.length >= maxSentences || namesCovered().has(name)) continue;
    const forName = candidates.find(
      (c) => c.passage.namesInArticle.includes(name) && c.score >= 0.5 * best.score && !selected.includes(c),
    );
    if (forName) selected.push(forName);
  }
  for (const candidate of candidates) {
    if (selected.length >= maxSentences) break;
    if (selected.includes(candidate) || candidate.score < 0.8 * best.score) continue;
    if (selected.some((s) => overlap(s.sentence, candidate.sentence) > 0)) continue;
    const addsTerm = [...candidate.matched].some((t) => !matched.has(t));
    const addsFigure = understanding.wantsFigure && candidate.figures.some((f) => !figures.has(f));
    if (!addsTerm && !addsFigure) continue;
    selected.push(candidate);
    candidate.matched.forEach((t) => matched.add(t));
    candidate.figures.forEach((f) => figures.add(f));
  }
  // A question asking for several kinds of figure ("how many, and how much?") often finds the
  // second in the sentence right after the best one, which goes on about the same thing
  // ("首批50个重大项目开工。项目……总投资约486亿元。"): quote it next to the best one.
  const follower = best.next;
  if (
    follower &&
    !selected.includes(follower) &&
    understanding.figureKinds.some((kind) => !best.kinds.has(kind) && follower.kinds.has(kind))
  ) {
    selected.splice(selected.indexOf(best) + 1, 0, follower);
    if (selected.length > maxSentences) selected.pop();
  }
  return selected;
}

function notFound(understanding: QuestionUnderstanding): Answer {
  return {
    status: 'not-found',
    question: understanding.question,
    language: understanding.language,
    text: NOT_FOUND_TEXT[understanding.language],
    citations: [],
  };
}

function englishLeadIn(understanding: QuestionUnderstanding, evidence: readonly Candidate[]): string {
  const about = [
    ...understanding.names.map((n) => (n.asked === n.name ? n.name : `${n.asked} (${n.name})`)),
    ...new Set(
      (understanding.sides.length > 0 ? understanding.sides : [understanding]).flatMap((u) => (u.period ? [u.period.label] : [])),
    ),
  ];
  const lead = `From the indexed articles${about.length > 0 ? ` on ${about.join(', ')}` : ''} (quoted in Chinese):`;
  if (!understanding.wantsFigure) return lead;
  const figures = [...new Set(evidence.flatMap((c) => c.figures))].slice(0, 5);
  return figures.length > 0 ? `${lead}\nKey figures: ${figures.join(', ')}` : lead;
}

/** Builds the extractive answer from ranked passages. */
export function answerExtractively(
  index: LoadedIndex,
  understanding: QuestionUnderstanding,
  passages: readonly Passage[],
  options: ExtractiveOptions = {},
): Answer {
  const maxSentences = options.maxSentences ?? 3;
  const minCoverage = options.minCoverage ?? 0.3;
  if (passages.length === 0 || missingNames(index, understanding, passages).length > 0) return notFound(understanding);
  const names = understanding.names;
  // Outside comparisons, a question about several names is about them together (Qiqihar at Yabuli):
  // an article holding only some of them does not answer it.
  const namesNeeded = understanding.comparison ? Math.min(1, names.length) : names.length;
  const candidates = scoreSentences(index, understanding, passages).filter(
    (c) =>
      c.coverage >= minCoverage &&
      c.contentCoverage >= MIN_CONTENT_COVERAGE &&
      c.passage.inPeriod !== false &&
      c.passage.namesInArticle.length >= namesNeeded,
  );
  // Each side of a comparison ("Sichuan in H1" vs "China in January") needs its own evidence.
  const required = understanding.sides.flatMap((side) => {
    const best = scoreSentences(index, side, passages).find(
      (c) =>
        c.coverage >= minCoverage &&
        c.contentCoverage >= MIN_CONTENT_COVERAGE &&
        side.names.every((n) => articleText(index, c.passage.article.id).includes(n.name)),
    );
    return best ? [best] : [];
  });
  const evidence = selectEvidence(understanding, candidates, maxSentences, required.length === understanding.sides.length ? required : []);
  if (evidence.length === 0) return notFound(understanding);

  const citations: Citation[] = [];
  const numberOf = new Map<string, number>();
  const lines = evidence.map((candidate) => {
    const article = candidate.passage.article;
    let n = numberOf.get(article.id);
    if (n === undefined) {
      n = citations.length + 1;
      numberOf.set(article.id, n);
      citations.push({
        n,
        articleId: article.id,
        title: article.title,
        publisher: article.publisher,
        date: article.date,
        url: article.url,
        file: article.file,
        passage: candidate.sentence,
      });
    } else {
      const citation = citations[n - 1];
      if (citation) citation.passage += ` … ${candidate.sentence}`;
    }
    return `${candidate.sentence}[${n}]`;
  });
  const body = lines.join('\n');
  const text = understanding.language === 'en' ? `${englishLeadIn(understanding, evidence)}\n${body}` : body;
  return { status: 'answered', question: understanding.question, language: understanding.language, text, citations };
}
