// One question in, one Answer out: the same path for the CLI and the bot. Checks the question,
// understands it, searches the index, and answers extractively (no LLM needed).
import { userMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { searchPassages, type Passage } from '../retrieval/search.js';
import { detectLanguage, understandQuestion, type QuestionUnderstanding } from '../retrieval/understand.js';
import type { Embedder } from '../vector-store/embeddings.js';
import type { LoadedIndex } from '../vector-store/index-store.js';
import { answerExtractively } from './extractive.js';
import type { Answer } from './types.js';

/** Longest question accepted, in characters. */
export const MAX_QUESTION_CHARS = 1000;

export interface AnswererDeps {
  /** The index to answer from; a getter so a re-index can swap it while questions are answered. */
  index: () => LoadedIndex;
  embedder: Embedder;
  log?: Logger;
  /** "Now" for relative periods such as "last year". Default: the current time. */
  now?: () => Date;
}

export interface AnswerDetails {
  answer: Answer;
  understanding: QuestionUnderstanding | undefined;
  passages: Passage[];
}

/** Markup and control characters removed, whitespace collapsed. */
export function cleanQuestion(raw: string): string {
  return raw
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/&(?:lt|gt|amp|quot|nbsp);/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Answerer {
  answer(question: string): Promise<Answer>;
  /** The answer with what led to it (understanding, passages), for eval and debugging. */
  answerWithDetails(question: string): Promise<AnswerDetails>;
}

export function createAnswerer(deps: AnswererDeps): Answerer {
  const log = deps.log ?? silentLogger;
  const answerWithDetails = async (raw: string): Promise<AnswerDetails> => {
    const question = cleanQuestion(raw);
    if (question.length > MAX_QUESTION_CHARS || question === '') {
      const code = question === '' ? 'question_empty' : 'question_too_long';
      const language = detectLanguage(question);
      return {
        answer: { status: 'invalid', question: question.slice(0, 200), language, text: userMessage(code), citations: [] },
        understanding: undefined,
        passages: [],
      };
    }
    const started = performance.now();
    const index = deps.index();
    const understanding = understandQuestion(question, index.vocabulary, deps.now?.() ?? new Date());
    const passages = await searchPassages(index, deps.embedder, understanding);
    const answer = answerExtractively(index, understanding, passages);
    log.debug(
      {
        language: understanding.language,
        names: understanding.names.map((n) => n.name),
        period: understanding.period?.label,
        status: answer.status,
        citations: answer.citations.length,
        ms: Math.round(performance.now() - started),
      },
      'answered a question',
    );
    return { answer, understanding, passages };
  };
  return {
    answerWithDetails,
    answer: async (question) => (await answerWithDetails(question)).answer,
  };
}
