// A token bucket per user: a burst of questions, then one every few seconds, with one polite note
// when a user runs dry.
import { LRUCache } from 'lru-cache';

/** Users remembered at once; the least recently seen are forgotten first (they start afresh). */
const MAX_USERS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
  warned: boolean;
}

export type RateVerdict = 'ok' | 'limited' | 'quiet';

export class RateLimiter {
  private readonly buckets = new LRUCache<number, Bucket>({ max: MAX_USERS });
  constructor(
    private readonly burst: number,
    private readonly refillMs: number,
    private readonly now: () => number,
  ) {}

  /** 'ok' to go on; 'limited' the first time a user runs dry (tell them); 'quiet' after that. */
  take(userId: number): RateVerdict {
    const now = this.now();
    const bucket = this.buckets.get(userId) ?? { tokens: this.burst, at: now, warned: false };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) / this.refillMs);
    bucket.at = now;
    this.buckets.set(userId, bucket);
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
