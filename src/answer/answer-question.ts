// One question in, one Answer out: the same path for the CLI and the bot. Checks the question,
// reads follow-ups in the light of the conversation, understands the question (with an LLM:
// English questions also rewritten into Chinese queries), searches, and answers — generated and
// verified when an LLM is configured, extractive otherwise or whenever generation fails.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import { messageIn, userMessage } from '../messages.js';
import type { Logger } from '../log.js';
import { scrubSecrets, silentLogger } from '../log.js';
import { corpusSpelling } from '../retrieval/pinyin-lookup.js';
import { searchPassages, type Passage } from '../retrieval/search.js';
import { understandQuestion, type QuestionUnderstanding } from '../retrieval/understand.js';
import { hasHan } from '../text/han.js';
import { detectLanguage } from '../text/language.js';
import { tokenize } from '../text/words.js';
import type { Embedder } from '../vector-store/embeddings.js';
import type { LoadedIndex } from '../vector-store/store.js';
import { condenseOffline, ConversationStore, formatHistory, type Turn } from './conversation.js';
import { answerExtractively } from './extractive.js';
import { buildSources, generateRaw, verifyAnswer } from './generate.js';
import type { Prompts } from './prompts.js';
import type { Answer } from './types.js';

/** Longest question accepted, in characters. */
export const MAX_QUESTION_CHARS = 1000;
export interface LlmDeps {
  model: BaseChatModel;
  prompts: Prompts;
  /**
   * Longest time the model may take over one question — follow-up rewrite, query rewrite and the
   * streamed answer together; then the extractive answer is given with a note.
   */
  timeoutMs: number;
}

export interface AnswererDeps {
  /** The index to answer from; a getter so a re-index can swap it while questions are answered. */
  index: () => LoadedIndex;
  embedder: Embedder;
  /** The chat model; extractive answers only when absent. */
  llm?: LlmDeps | undefined;
  log?: Logger;
  /** "Now" for relative periods such as "last year". Default: the current time. */
  now?: () => Date;
}

export interface AskOptions {
  /** Whose conversation this is (follow-ups read in its light); none: a standalone question. */
  conversation?: string;
  /** `extractive` never waits for the LLM (inline queries). Default `auto`. */
  mode?: 'auto' | 'extractive';
  /** The generated answer so far, as it streams. */
  onPartial?: (text: string) => void;
  /**
   * Aborts the model's part of the question (the caller's own deadline, or the user gone): the
   * extractive answer is returned with its note. Combined with the LLM timeout into one budget.
   */
  signal?: AbortSignal;
}

export interface AnswerDetails {
  answer: Answer;
  understanding: QuestionUnderstanding | undefined;
  passages: Passage[];
  /** The standalone question searched for (differs from the question for follow-ups). */
  standalone: string;
}

/** Markup and control characters removed, whitespace collapsed. */
export function cleanQuestion(raw: string): string {
  return (
    raw
      .replace(/<[^>]{0,200}>/g, ' ')
      .replace(/&(?:lt|gt|amp|quot|nbsp);/g, ' ')
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export interface Answerer {
  answer(question: string, options?: AskOptions): Promise<Answer>;
  /** The answer with what led to it (understanding, passages), for eval and debugging. */
  answerWithDetails(question: string, options?: AskOptions): Promise<AnswerDetails>;
  /** Forgets a conversation (/new). */
  forget(conversation: string): void;
}

function textOf(content: unknown): string {
  return typeof content === 'string' ? content : '';
}

/** One model call under the question's deadline: AbortSignal is the one timeout mechanism. */
async function invokeModel(llm: LlmDeps, messages: BaseMessage[], signal: AbortSignal): Promise<string> {
  signal.throwIfAborted();
  const result = await llm.model.invoke(messages, { signal });
  return textOf(result.content);
}

/** The question's one budget for the model: the LLM timeout, and the caller's signal if any. */
function questionDeadline(timeoutMs: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** Chinese search queries from the model's reply: up to three lines holding Chinese, numbering removed. */
function readQueries(reply: string): string[] {
  return reply
    .split('\n')
    .map((line) => line.replace(/^[\s\d.、)-]+/, '').trim())
    .filter((line) => hasHan(line))
    .slice(0, 3);
}

/** The reply to an empty or over-long question, or undefined when the question can be answered. */
function rejectQuestion(question: string): AnswerDetails | undefined {
  if (question !== '' && question.length <= MAX_QUESTION_CHARS) return undefined;
  const code = question === '' ? 'question_empty' : 'question_too_long';
  const answer: Answer = {
    status: 'invalid',
    question: question.slice(0, 200),
    language: detectLanguage(question),
    text: userMessage(code),
    citations: [],
  };
  return { answer, understanding: undefined, passages: [], standalone: question };
}

export function createAnswerer(deps: AnswererDeps): Answerer {
  const log = deps.log ?? silentLogger;
  const conversations = new ConversationStore();
  const llm = deps.llm;

  const logLlmFailure = (operation: string, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ operation, error: scrubSecrets(message) }, `LLM ${operation} failed; falling back`);
  };

  const historyOf = (key: string | undefined): Turn[] => (key ? conversations.history(key) : []);

  /** The follow-up as a standalone question: by the model when it can, otherwise offline. */
  const condense = async (
    question: string,
    key: string | undefined,
    index: LoadedIndex,
    signal: AbortSignal,
  ): Promise<string> => {
    const history = historyOf(key);
    if (history.length === 0) return question;
    if (llm) {
      try {
        const messages = await llm.prompts.followup.formatMessages({ history: formatHistory(history), question });
        const standalone = cleanQuestion(await invokeModel(llm, messages, signal)).split('\n')[0] ?? '';
        if (standalone.length >= 2 && standalone.length <= MAX_QUESTION_CHARS) return standalone;
      } catch (error) {
        logLlmFailure('follow-up rewrite', error);
      }
    }
    return condenseOffline(question, history, index.vocabulary);
  };

  /** English questions: Chinese search queries from the LLM, merged with the offline expansion. */
  const rewriteForSearch = async (understanding: QuestionUnderstanding, signal: AbortSignal): Promise<void> => {
    if (!llm || understanding.language !== 'en') return;
    try {
      const messages = await llm.prompts.rewrite.formatMessages({ question: understanding.question });
      const queries = readQueries(await invokeModel(llm, messages, signal));
      if (queries.length === 0) return;
      understanding.searchText = `${queries.join(' ')} ${understanding.searchText}`.trim();
      understanding.terms = [...new Set([...understanding.terms, ...queries.flatMap((q) => tokenize(q))])];
    } catch (error) {
      logLlmFailure('query rewrite', error);
    }
  };

  /**
   * The generated answer once verified; otherwise the extractive one — as it is when the model's
   * answer has nothing verifiable, with a note when the model failed (timeout, HTTP error, empty).
   */
  const generateAnswer = async (
    model: LlmDeps,
    question: string,
    standalone: string,
    understanding: QuestionUnderstanding,
    passages: readonly Passage[],
    extractive: Answer,
    onPartial: AskOptions['onPartial'],
    signal: AbortSignal,
  ): Promise<Answer> => {
    const { language } = understanding;
    const sources = buildSources(passages);
    try {
      signal.throwIfAborted();
      const generated = await generateRaw({ ...model, onPartial, signal }, standalone, language, sources);
      const verified = verifyAnswer(generated, sources, question, language, log);
      if (verified.answer) return verified.answer;
      if (verified.declined) {
        return { status: 'not-found', question, language, text: messageIn(language, 'notFound'), citations: [] };
      }
      const dropped = verified.dropped.length;
      log.warn({ dropped }, 'generated answer had no verifiable citation; using the extractive answer');
      return extractive;
    } catch (error) {
      logLlmFailure('answer', error);
      if (extractive.status !== 'answered') return extractive;
      return { ...extractive, text: `${messageIn(extractive.language, 'generationUnavailable')}\n${extractive.text}` };
    }
  };

  const answerWithDetails = async (raw: string, options: AskOptions = {}): Promise<AnswerDetails> => {
    const question = cleanQuestion(raw);
    const rejected = rejectQuestion(question);
    if (rejected) return rejected;
    const started = performance.now();
    const index = deps.index();
    const useLlm = llm !== undefined && options.mode !== 'extractive';
    // One budget for every model call of this question, not one per call.
    const deadline = questionDeadline(llm?.timeoutMs ?? 0, options.signal);
    const standalone = useLlm
      ? await condense(question, options.conversation, index, deadline)
      : condenseOffline(question, historyOf(options.conversation), index.vocabulary);
    const now = deps.now?.() ?? new Date();
    const spell = (key: string, context: readonly string[]) => corpusSpelling(index, key, context);
    const understanding = understandQuestion(standalone, index.vocabulary, now, spell);
    // A follow-up is answered in the language it was asked in, whatever the standing question's.
    if (standalone !== question) understanding.language = detectLanguage(question);
    if (useLlm) await rewriteForSearch(understanding, deadline);
    const passages = await searchPassages(index, deps.embedder, understanding);
    let answer = answerExtractively(index, understanding, passages);
    if (useLlm && llm && passages.length > 0) {
      answer = await generateAnswer(
        llm,
        question,
        standalone,
        understanding,
        passages,
        answer,
        options.onPartial,
        deadline,
      );
    }
    answer = { ...answer, question };
    if (options.conversation && answer.status !== 'invalid') {
      conversations.remember(options.conversation, { question, standalone, answer: answer.text });
    }
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
    return { answer, understanding, passages, standalone };
  };
  return {
    answerWithDetails,
    answer: async (question, options) => (await answerWithDetails(question, options)).answer,
    forget: (conversation) => conversations.forget(conversation),
  };
}
