// The offline answer: the retrieved passages' best sentences for the question, quoted verbatim
// (figures untouched), each followed by its [n]. Says plainly when the articles don't cover it.
import { countsThing, figureCore, findFigures, type FigureKind } from '../retrieval/figures.js';
import { parsePeriod, statesOtherPeriod } from '../retrieval/periods.js';
import { articleText, type Passage } from '../retrieval/search.js';
import type { Concept, QuestionUnderstanding } from '../retrieval/understand.js';
import { splitSentences } from '../text/sentences.js';
import { tokenize } from '../text/words.js';
import type { LoadedIndex } from '../vector-store/store.js';
import { readFigureValues, sameFigure } from './figure-values.js';
import { isInstruction } from './instructions.js';
import { citeArticle, type Answer, type Citation } from './types.js';
import { messageIn } from '../messages.js';

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
 * cover: a question about some figure of a city is not answered by a sentence that merely names
 * the city.
 */
const MIN_CONTENT_COVERAGE = 0.25;

/**
 * Extra score for a sentence that states a figure of the asked kind which the article's headline
 * also gives: news headlines carry the article's key figure (so many projects, so much invested),
 * and the sentence that restates it is the one that answers "how many / how much" about the article.
 */
const HEADLINE_FIGURE_BONUS = 0.15;

/** Score kept by a sentence that states a period other than the one asked about. */
const OTHER_PERIOD_FACTOR = 0.75;

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

/** A question concept with its weight and its lower-cased forms. */
interface WeighedConcept {
  concept: Concept;
  weight: number;
  forms: string[];
}

interface WeighedQuestion {
  concepts: WeighedConcept[];
  /** Sum of all weights (at least 1). */
  total: number;
  /** Sum of the content words' weights. */
  contentTotal: number;
  multipleNames: boolean;
}

function weighQuestion(index: LoadedIndex, understanding: QuestionUnderstanding): WeighedQuestion {
  const maxIdf = Math.log(1 + (index.keywords.size + 0.5) / 0.5);
  const concepts = understanding.concepts.map((concept) => ({
    concept,
    weight: conceptWeight(index, concept, maxIdf),
    forms: concept.alternatives.map((a) => a.toLowerCase()),
  }));
  return {
    concepts,
    total: concepts.reduce((sum, c) => sum + c.weight, 0) || 1,
    contentTotal: concepts.filter((c) => c.concept.kind === 'word').reduce((sum, c) => sum + c.weight, 0),
    multipleNames: concepts.filter((c) => c.concept.kind === 'name').length >= 2,
  };
}

/** What the sentences of one passage are scored against besides themselves. */
interface PassageSetting {
  passage: Passage;
  /** Title and passage, lower case. */
  context: string;
  /** The whole article, lower case. */
  whole: string;
  fitOfDate: number;
  /** The headline's figures, reduced to their cores. */
  headline: Set<string>;
  /** Whether the headline speaks for the question. */
  aboutAsked: boolean;
  /** Weight of the question's names the article lacks, left out of a comparison's total. */
  absentNames: number;
  /** The passage's search score relative to the best passage's. */
  relativeScore: number;
}

function readPassage(
  index: LoadedIndex,
  understanding: QuestionUnderstanding,
  question: WeighedQuestion,
  passage: Passage,
  topScore: number,
): PassageSetting {
  const { concepts } = question;
  const whole = articleText(index, passage.article.id).toLowerCase();
  // The headline speaks for the question only when it names what the question names (or, with
  // no names, holds one of its words).
  const title = passage.article.title.toLowerCase();
  const aboutAsked =
    understanding.names.length > 0
      ? understanding.names.every((n) => passage.article.title.includes(n.name))
      : concepts.some((c) => c.concept.kind === 'word' && c.forms.some((form) => title.includes(form)));
  // In a comparison, a sentence speaks for the names its article holds.
  const absentNames =
    question.multipleNames && understanding.comparison
      ? concepts
          .filter((c) => c.concept.kind === 'name' && !c.forms.some((form) => whole.includes(form)))
          .reduce((sum, c) => sum + c.weight, 0)
      : 0;
  return {
    passage,
    context: `${passage.article.title}\n${passage.chunk.text}`.toLowerCase(),
    whole,
    fitOfDate: dateFit(understanding, passage),
    headline: new Set(findFigures(passage.article.title).map((f) => figureCore(f.text))),
    aboutAsked,
    absentNames,
    relativeScore: passage.score / topScore,
  };
}

interface Coverage {
  coverage: number;
  contentCoverage: number;
  matched: Set<string>;
}

/**
 * How much of the question a sentence covers: a concept the sentence states counts fully; one its
 * passage or article states counts in part (a name is usually the topic of the whole passage,
 * stated once and then implied).
 */
function coverageOf(lower: string, setting: PassageSetting, question: WeighedQuestion): Coverage {
  const matched = new Set<string>();
  let covered = 0;
  let contentCovered = 0;
  for (const { concept, weight, forms } of question.concepts) {
    let fit = 0;
    const inSentence = forms.find((form) => lower.includes(form));
    if (inSentence !== undefined) {
      matched.add(inSentence);
      fit = 1;
    } else if (forms.some((form) => setting.context.includes(form))) {
      fit = concept.kind === 'name' ? 0.9 : 0.45;
    } else if (forms.some((form) => setting.whole.includes(form))) {
      fit = concept.kind === 'name' ? 0.6 : 0.25;
    }
    if (concept.kind === 'period') fit = Math.max(fit, setting.fitOfDate);
    covered += fit * weight;
    if (concept.kind === 'word') contentCovered += fit * weight;
  }
  return {
    coverage: covered / Math.max(question.total - setting.absentNames, 1e-9),
    contentCoverage: question.contentTotal > 0 ? contentCovered / question.contentTotal : 1,
    matched,
  };
}

function scoreSentence(
  understanding: QuestionUnderstanding,
  question: WeighedQuestion,
  setting: PassageSetting,
  sentence: string,
): Candidate {
  const { coverage, contentCoverage, matched } = coverageOf(sentence.toLowerCase(), setting, question);
  const wanted = findFigures(sentence).filter(
    (f) =>
      (understanding.figureKinds.length === 0 || understanding.figureKinds.includes(f.kind)) &&
      countsThing(sentence, f, understanding.counted),
  );
  let score = coverage + 0.1 * setting.relativeScore;
  // A question for an amount or a count is answered by a sentence with a figure — better, with
  // every kind asked for ("how many projects, and how much?") …
  if (understanding.wantsFigure && wanted.length === 0) score *= 0.6;
  else if (understanding.wantsFigure) {
    const kindsAsked = understanding.figureKinds.length;
    const kindsGiven = new Set(wanted.map((f) => f.kind)).size;
    score += 0.05 + 0.05 * (kindsAsked === 0 ? 1 : kindsGiven / kindsAsked);
    // … and best, with the figure the headline gives: the article's key fact, stated in full.
    if (setting.aboutAsked && wanted.some((f) => setting.headline.has(figureCore(f.text)))) {
      score += HEADLINE_FIGURE_BONUS;
    }
  }
  // A sentence about another period (the first half when two months were asked) is not the answer.
  if (understanding.period && statesOtherPeriod(sentence, understanding.period)) score *= OTHER_PERIOD_FACTOR;
  // Very long sentences are lists; a focused sentence is a better quote.
  if (sentence.length > 220) score -= 0.05;
  return {
    passage: setting.passage,
    sentence,
    score,
    coverage,
    contentCoverage,
    matched,
    figures: wanted.map((f) => f.text),
    kinds: new Set(wanted.map((f) => f.kind)),
  };
}

/** Every sentence of the passages scored for the question, best first. */
function scoreSentences(
  index: LoadedIndex,
  understanding: QuestionUnderstanding,
  passages: readonly Passage[],
): Candidate[] {
  const question = weighQuestion(index, understanding);
  const topScore = passages[0]?.score ?? 1;
  const candidates: Candidate[] = [];
  for (const passage of passages) {
    const setting = readPassage(index, understanding, question, passage, topScore);
    let previous: Candidate | undefined;
    for (const sentence of splitSentences(passage.chunk.text)) {
      // An instruction planted in an article is not evidence, however well it matches the question.
      if (sentence.length < 8 || isInstruction(sentence)) continue;
      const candidate = scoreSentence(understanding, question, setting, sentence);
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
 * That includes names nothing could spell in Chinese (foreign companies) unless an article has them
 * in Latin letters.
 */
function missingNames(
  index: LoadedIndex,
  understanding: QuestionUnderstanding,
  passages: readonly Passage[],
): string[] {
  const unspelled = understanding.unknownNames.filter((name) => {
    const lower = name.toLowerCase();
    return !passages.some((p) => articleText(index, p.article.id).toLowerCase().includes(lower));
  });
  const absent = understanding.names
    .map((n) => n.name)
    .filter((name) => !passages.some((p) => p.namesInArticle.includes(name)));
  return [...absent, ...unspelled];
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
  const namesCovered = (): Set<string> => new Set(selected.flatMap((c) => c.passage.namesInArticle));
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
  // second in the sentence right after the best one, which goes on about the same thing (a count
  // of projects, then "these projects total so much"): quote it next to the best one.
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
    text: messageIn(understanding.language, 'notFound'),
    citations: [],
  };
}

function englishLeadIn(understanding: QuestionUnderstanding, evidence: readonly Candidate[]): string {
  const readings = understanding.sides.length > 0 ? understanding.sides : [understanding];
  const about = [
    ...understanding.names.map((n) => (n.asked === n.name ? n.name : `${n.asked} (${n.name})`)),
    ...new Set(readings.flatMap((u) => (u.period ? [u.period.label] : []))),
  ];
  const lead = messageIn('en', 'quotedLeadIn', about);
  if (!understanding.wantsFigure) return lead;
  const figures = [...new Set(evidence.flatMap((c) => c.figures))].slice(0, 5);
  return figures.length > 0 ? `${lead}\n${messageIn('en', 'keyFigures', figures)}` : lead;
}

/** The best sentence for each side of a comparison, or none when some side has none. */
function sideEvidence(
  index: LoadedIndex,
  understanding: QuestionUnderstanding,
  passages: readonly Passage[],
  minCoverage: number,
): Candidate[] {
  const required = understanding.sides.flatMap((side) => {
    const best = scoreSentences(index, side, passages).find(
      (c) =>
        c.coverage >= minCoverage &&
        c.contentCoverage >= MIN_CONTENT_COVERAGE &&
        side.names.every((n) => articleText(index, c.passage.article.id).includes(n.name)),
    );
    return best ? [best] : [];
  });
  return required.length === understanding.sides.length ? required : [];
}

/**
 * Share of the best sentence's score a sentence from another article needs to count as a rival
 * account. Lower than the other thresholds: the best one may owe its lead to its headline or date
 * rather than to answering better, and the rival must also cover the asked words as fully.
 */
const RIVAL_SHARE = 0.6;

/** Words that widen a figure to the whole country or world, beyond any place asked about. */
const WIDER_SCOPE = /全国|我国|全球|全世界|国内/;

/**
 * A sentence from another article that fills the asked slot with a different value: the same kind of
 * figure, for the same place and period (the candidates already hold the names and fit the period;
 * the sentence states no other period and every asked word the best one states), scoring well. Articles disagreeing is itself the answer: both are shown,
 * rather than one picked silently.
 */
function rivalAccount(
  understanding: QuestionUnderstanding,
  candidates: readonly Candidate[],
  evidence: readonly Candidate[],
): Candidate | undefined {
  const best = evidence[0];
  if (!best || !understanding.wantsFigure || understanding.sides.length > 0 || best !== candidates[0]) return undefined;
  // Only for a place asked about: without one, two figures may be of two different places.
  if (understanding.names.length === 0) return undefined;
  // The asked words the best sentence states itself: a rival must state them too (a first batch of
  // projects is not the first half-year's, a city's key works are not the national railway's).
  const stated = understanding.concepts
    .filter((concept) => concept.kind === 'word')
    .map((concept) => concept.alternatives.map((a) => a.toLowerCase()))
    .filter((forms) => forms.some((form) => best.matched.has(form)));
  const valuesOf = (candidate: Candidate) => candidate.figures.flatMap((figure) => readFigureValues(figure));
  const bestValues = valuesOf(best);
  if (bestValues.length === 0) return undefined;
  const quoted = new Set(evidence.map((c) => c.passage.article.id));
  return candidates.find((candidate) => {
    if (quoted.has(candidate.passage.article.id) || candidate.score < RIVAL_SHARE * best.score) return false;
    if (candidate.contentCoverage < best.contentCoverage) return false;
    if (!stated.every((forms) => forms.some((form) => candidate.matched.has(form)))) return false;
    if (understanding.period && statesOtherPeriod(candidate.sentence, understanding.period)) return false;
    // A national figure is not the asked place's, and two sentences stating two different periods
    // (a first batch in the year, the first half-year) answer two different questions.
    if (WIDER_SCOPE.test(candidate.sentence)) return false;
    const periods = [best, candidate].map((c) => parsePeriod(c.sentence, new Date(0)));
    if (periods[0] && periods[1] && !periods[0].terms.some((term) => periods[1]?.terms.includes(term))) return false;
    const values = valuesOf(candidate);
    const sameKind = values.filter((v) => bestValues.some((b) => b.kind === v.kind && b.unit === v.unit));
    // Every figure of the shared kind differs: a second article agreeing on any of them is no rival.
    return sameKind.length > 0 && sameKind.every((v) => !bestValues.some((b) => sameFigure(v, b)));
  });
}

/** Each sentence with its [n], one number per article in order of first use. */
function citeEvidence(evidence: readonly Candidate[]): { lines: string[]; citations: Citation[] } {
  const citations: Citation[] = [];
  const numberOf = new Map<string, number>();
  const lines = evidence.map((candidate) => {
    const article = candidate.passage.article;
    let n = numberOf.get(article.id);
    if (n === undefined) {
      n = citations.length + 1;
      numberOf.set(article.id, n);
      citations.push(citeArticle(n, article, candidate.sentence));
    } else {
      const citation = citations[n - 1];
      if (citation) citation.passage += ` … ${candidate.sentence}`;
    }
    return `${candidate.sentence}[${n}]`;
  });
  return { lines, citations };
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
  // Outside comparisons, a question about several names is about them together (a city at an
  // event held elsewhere): an article holding only some of them does not answer it.
  const namesNeeded = understanding.comparison ? Math.min(1, names.length) : names.length;
  const candidates = scoreSentences(index, understanding, passages).filter(
    (c) =>
      c.coverage >= minCoverage &&
      c.contentCoverage >= MIN_CONTENT_COVERAGE &&
      c.passage.inPeriod !== false &&
      c.passage.namesInArticle.length >= namesNeeded,
  );
  // Each side of a comparison (one place and period against another) needs its own evidence.
  const required = sideEvidence(index, understanding, passages, minCoverage);
  const evidence = selectEvidence(understanding, candidates, maxSentences, required);
  if (evidence.length === 0) return notFound(understanding);
  const rival = rivalAccount(understanding, candidates, evidence);
  if (rival) evidence.splice(1, 0, rival);
  const { lines, citations } = citeEvidence(evidence);
  const quoted = lines.join('\n');
  const body = rival ? `${messageIn(understanding.language, 'figuresDisagree')}\n${quoted}` : quoted;
  const text = understanding.language === 'en' ? `${englishLeadIn(understanding, evidence)}\n${body}` : body;
  return { status: 'answered', question: understanding.question, language: understanding.language, text, citations };
}
