// What the bot's features share: collaborators passed in, and small in-memory state (counters,
// recent answers for the passages button, per-user rate limits).
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
  /** Downloads an uploaded file; default: fetch. */
  download?: (url: URL) => Promise<Uint8Array>;
  /** Questions per user allowed in a burst before the rate limit applies. Default 6. */
  rateLimitBurst?: number;
  /** Seconds for one question to be allowed again. Default 5. */
  rateLimitRefillSeconds?: number;
  now?: () => number;
}

export interface BotStats {
  startedAt: number;
  questionsAnswered: number;
}

/** Answers remembered for the passages button by default; older ones get the "expired" note. */
const ANSWERS_REMEMBERED = 1000;

/** Recent answers by a short key, for the "quoted passages" button; the least recently used go first. */
export class AnswerMemory {
  private readonly answers: LRUCache<string, Answer>;
  private counter = 0;
  constructor(capacity = ANSWERS_REMEMBERED) {
    this.answers = new LRUCache({ max: capacity });
  }

  remember(answer: Answer): string {
    this.counter += 1;
    const key = this.counter.toString(36);
    this.answers.set(key, answer);
    return key;
  }

  recall(key: string): Answer | undefined {
    return this.answers.get(key);
  }
}

export interface BotState {
  deps: BotDeps;
  stats: BotStats;
  limiter: RateLimiter;
  memory: AnswerMemory;
  isAdmin(userId: number | undefined): boolean;
}

export function createBotState(deps: BotDeps): BotState {
  const now = deps.now ?? Date.now;
  return {
    deps,
    stats: { startedAt: now(), questionsAnswered: 0 },
    limiter: new RateLimiter(deps.rateLimitBurst ?? 6, (deps.rateLimitRefillSeconds ?? 5) * 1000, now),
    memory: new AnswerMemory(),
    isAdmin: (userId) => userId !== undefined && deps.adminUserIds.includes(userId),
  };
}
