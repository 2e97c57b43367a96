// What the bot's features share: collaborators passed in, and small in-memory state (counters,
// recent answers for the passages button, per-user rate limits).
import type { Answerer } from '../answer/answer-question.js';
import type { Answer } from '../answer/types.js';
import type { Logger } from '../log.js';
import type { LiveIndex } from '../vector-store/live-index.js';

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

/** Token bucket per user: a burst of questions, then one every few seconds. */
export class RateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number; warned: boolean }>();
  constructor(
    private readonly burst: number,
    private readonly refillMs: number,
    private readonly now: () => number,
  ) {}

  /** 'ok' to go on; 'limited' the first time a user runs dry (tell them); 'quiet' after that. */
  take(userId: number): 'ok' | 'limited' | 'quiet' {
    const now = this.now();
    const bucket = this.buckets.get(userId) ?? { tokens: this.burst, at: now, warned: false };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) / this.refillMs);
    bucket.at = now;
    this.buckets.set(userId, bucket);
    if (this.buckets.size > 10_000) this.buckets.delete(this.buckets.keys().next().value as number);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      return 'ok';
    }
    if (bucket.warned) return 'quiet';
    bucket.warned = true;
    return 'limited';
  }
}

/** Recent answers by a short key, for the "quoted passages" button; oldest forgotten first. */
export class AnswerMemory {
  private readonly answers = new Map<string, Answer>();
  private counter = 0;
  constructor(private readonly capacity = 1000) {}

  remember(answer: Answer): string {
    this.counter += 1;
    const key = this.counter.toString(36);
    this.answers.set(key, answer);
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value as string);
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
