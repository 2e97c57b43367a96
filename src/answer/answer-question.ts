// One question in, one Answer out: the same path for the CLI and the bot. Checks the question,
// reads follow-ups in the light of the conversation, understands the question (with an LLM:
// English questions also rewritten into Chinese queries), searches, and answers — generated and
// verified when an LLM is configured, extractive otherwise or whenever generation fails.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { userMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { scrubSecrets, silentLogger } from '../log.js';
import { corpusSpelling } from '../retrieval/pinyin-lookup.js';
import { searchPassages, type Passage } from '../retrieval/search.js';
import { detectLanguage, understandQuestion, type QuestionUnderstanding } from '../retrieval/understand.js';
import type { Embedder } from '../vector-store/embeddings.js';
import type { LoadedIndex } from '../vector-store/index-store.js';
import { tokenize } from '../vector-store/words.js';
import { condenseOffline, ConversationStore, formatHistory } from './conversation.js';
import { answerExtractively, NOT_FOUND_TEXT } from './extractive.js';
import { buildSources, generateRaw, verifyAnswer } from './generate.js';
import type { Prompts } from './prompts.js';
import type { Answer } from './types.js';

/** Longest question accepted, in characters. */
export const MAX_QUESTION_CHARS = 1000;

export const GENERATION_UNAVAILABLE = {
  zh: '（生成式回答暂不可用，以下为原文摘录。）',
  en: '(The generated answer was unavailable; here are the quoted passages.)',
} as const;

export interface LlmDeps {
  model: BaseChatModel;
  prompts: Prompts;
  /** Longest wait for one model call. */
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
  return raw
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/&(?:lt|gt|amp|quot|nbsp);/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Answerer {
  answer(question: string, options?: AskOptions): Promise<Answer>;
  /** The answer with what led to it (understanding, passages), for eval and debugging. */
  answerWithDetails(question: string, options?: AskOptions): Promise<AnswerDetails>;
  /** Forgets a conversation (/new). */
  forget(conversation: string): void;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function textOf(content: unknown): string {
  return typeof content === 'string' ? content : '';
}

export function createAnswerer(deps: AnswererDeps): Answerer {
  const log = deps.log ?? silentLogger;
  const conversations = new ConversationStore();
  const llm = deps.llm;

  const logLlmFailure = (operation: string, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ operation, error: scrubSecrets(message) }, `LLM ${operation} failed; falling back`);
  };

  /** The follow-up as a standalone question. */
  const condense = async (question: string, key: string | undefined, index: LoadedIndex): Promise<string> => {
    const history = key ? conversations.history(key) : [];
    if (history.length === 0) return question;
    if (llm) {
      try {
        const messages = await llm.prompts.followup.formatMessages({ history: formatHistory(history), question });
        const result = await withTimeout(llm.model.invoke(messages), llm.timeoutMs, 'follow-up rewrite');
        const standalone = cleanQuestion(textOf(result.content)).split('\n')[0] ?? '';
        if (standalone.length >= 2 && standalone.length <= MAX_QUESTION_CHARS) return standalone;
      } catch (error) {
        logLlmFailure('follow-up rewrite', error);
      }
    }
    return condenseOffline(question, history, index.vocabulary);
  };

  /** English questions: Chinese search queries from the LLM, merged with the offline expansion. */
  const rewriteForSearch = async (understanding: QuestionUnderstanding): Promise<void> => {
    if (!llm || understanding.language !== 'en') return;
    try {
      const messages = await llm.prompts.rewrite.formatMessages({ question: understanding.question });
      const result = await withTimeout(llm.model.invoke(messages), llm.timeoutMs, 'query rewrite');
      const queries = textOf(result.content)
        .split('\n')
        .map((line) => line.replace(/^[\s\d.、)-]+/, '').trim())
        .filter((line) => /[\u4e00-\u9fff]/.test(line))
        .slice(0, 3);
      if (queries.length === 0) return;
      understanding.searchText = `${queries.join(' ')} ${understanding.searchText}`.trim();
      understanding.terms = [...new Set([...understanding.terms, ...queries.flatMap((q) => tokenize(q))])];
    } catch (error) {
      logLlmFailure('query rewrite', error);
    }
  };

  const answerWithDetails = async (raw: string, options: AskOptions = {}): Promise<AnswerDetails> => {
    const question = cleanQuestion(raw);
    if (question.length > MAX_QUESTION_CHARS || question === '') {
      const code = question === '' ? 'question_empty' : 'question_too_long';
      return {
        answer: { status: 'invalid', question: question.slice(0, 200), language: detectLanguage(question), text: userMessage(code), citations: [] },
        understanding: undefined,
        passages: [],
        standalone: question,
      };
    }
    const started = performance.now();
    const index = deps.index();
    const useLlm = llm !== undefined && options.mode !== 'extractive';
    const standalone = useLlm ? await condense(question, options.conversation, index) : condenseOffline(question, options.conversation ? conversations.history(options.conversation) : [], index.vocabulary);
    const understanding = understandQuestion(standalone, index.vocabulary, deps.now?.() ?? new Date(), (key, context) => corpusSpelling(index, key, context));
    // A follow-up is answered in the language it was asked in, whatever the standing question's.
    if (standalone !== question) understanding.language = detectLanguage(question);
    if (useLlm) await rewriteForSearch(understanding);
    const passages = await searchPassages(index, deps.embedder, understanding);
    let answer = answerExtractively(index, understanding, passages);
    if (useLlm && llm && passages.length > 0) {
      const sources = buildSources(passages);
      try {
        const generated = await generateRaw({ ...llm, onPartial: options.onPartial }, standalone, understanding.language, sources);
        const verified = verifyAnswer(generated, sources, question, understanding.language, log);
        if (verified.answer) answer = verified.answer;
        else if (verified.declined) answer = { status: 'not-found', question, language: understanding.language, text: NOT_FOUND_TEXT[understanding.language], citations: [] };
        else log.warn({ dropped: verified.dropped.length }, 'generated answer had no verifiable citation; using the extractive answer');
      } catch (error) {
        logLlmFailure('answer', error);
        if (answer.status === 'answered') {
          answer = { ...answer, text: `${GENERATION_UNAVAILABLE[answer.language]}\n${answer.text}` };
        }
      }
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
