// What the bot's features share: collaborators passed in, and small in-memory state (counters,
// recent answers for the passages button, per-user rate limits).
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Answerer } from '../answer/answer-question.js';
import type { Answer } from '../answer/types.js';
import type { LiveIndex } from '../library/live-index.js';
import type { Logger } from '../log.js';
import { RateLimiter } from './rate-limiter.js';

export interface BotDeps {
  answerer: Answerer;
  liveIndex: LiveIndex;
  /** Telegram user ids allowed to use admin commands. */
  adminUserIds: readonly number[];
  log: Logger;
  /** Edit the answer into the chat as it is generated (private chats, LLM on). Default false. */
  streamAnswers?: boolean;
  /**
   * Downloads an uploaded file, giving up (undefined) as soon as it passes `maxBytes`; default:
   * fetch, streamed.
   */
  download?: (url: URL, maxBytes: number) => Promise<Uint8Array | undefined>;
  /** Questions per user allowed in a burst before the rate limit applies. Default 6. */
  rateLimitBurst?: number;
  /**
   * Longest time one question may take before the answerer gives its extractive answer (with its
   * note) instead of waiting for the LLM. Default: questionBudgetFor(30 s LLM timeout).
   */
  questionBudgetMs?: number;
  /** Seconds for one question to be allowed again. Default 5. */
  rateLimitRefillSeconds?: number;
  now?: () => number;
}

export interface BotStats {
  startedAt: number;
  questionsAnswered: number;
}

/** Time a question may take beyond the LLM's own timeout: understanding, search and the extractive answer. */
const QUESTION_OVERHEAD_MS = 5000;

/** LLM_TIMEOUT_MS's default, for bots built without settings (tests). */
const DEFAULT_LLM_TIMEOUT_MS = 30_000;

/** The time budget of one question, from the LLM timeout (LLM_TIMEOUT_MS). */
export function questionBudgetFor(llmTimeoutMs: number): number {
  return llmTimeoutMs + QUESTION_OVERHEAD_MS;
}

/** Answers remembered for the passages button by default; older ones get the "expired" note. */
const ANSWERS_REMEMBERED = 1000;

/** Random bytes in a key: 16 base64url characters, unguessable, well inside Telegram's 64-byte callback data. */
const KEY_BYTES = 12;

/**
 * Recent answers for the "quoted passages" button, each under a random key and bound to the chat it
 * was posted in: callback data can be forged by anyone, so a key is only good in that chat (a
 * private chat is one user's; a group's answer is already visible to its members). The least
 * recently used go first.
 */
export class AnswerMemory {
  private readonly answers: LRUCache<string, { answer: Answer; chatId: number }>;
  constructor(capacity = ANSWERS_REMEMBERED) {
    this.answers = new LRUCache({ max: capacity });
  }

  remember(answer: Answer, chatId: number): string {
    const key = randomBytes(KEY_BYTES).toString('base64url');
    this.answers.set(key, { answer, chatId });
    return key;
  }

  /** The answer behind `key`, only when asked from the chat it was posted in. */
  recall(key: string, chatId: number | undefined): Answer | undefined {
    const entry = this.answers.get(key);
    return entry && entry.chatId === chatId ? entry.answer : undefined;
  }
}

export interface BotState {
  deps: BotDeps;
  stats: BotStats;
  limiter: RateLimiter;
  memory: AnswerMemory;
  /** The time budget of one question (see BotDeps.questionBudgetMs). */
  questionBudgetMs: number;
  isAdmin(userId: number | undefined): boolean;
}

export function createBotState(deps: BotDeps): BotState {
  const now = deps.now ?? Date.now;
  return {
    deps,
    stats: { startedAt: now(), questionsAnswered: 0 },
    limiter: new RateLimiter(deps.rateLimitBurst ?? 6, (deps.rateLimitRefillSeconds ?? 5) * 1000, now),
    memory: new AnswerMemory(),
    questionBudgetMs: deps.questionBudgetMs ?? questionBudgetFor(DEFAULT_LLM_TIMEOUT_MS),
    isAdmin: (userId) => userId !== undefined && deps.adminUserIds.includes(userId),
  };
}
