import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/telegram/rate-limiter.js';

describe('the per-user rate limit', () => {
  it('allows a burst, warns once, then refills over time', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 1000, () => now);
    expect([limiter.take(1), limiter.take(1), limiter.take(1)]).toEqual(['ok', 'ok', 'ok']);
    expect(limiter.take(1)).toBe('limited');
    expect(limiter.take(1)).toBe('quiet');
    expect(limiter.take(2)).toBe('ok');
    now += 1000;
    expect(limiter.take(1)).toBe('ok');
  });

  it('warns again after a user who ran dry was allowed a question in between', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1000, () => now);
    expect(limiter.take(1)).toBe('ok');
    expect(limiter.take(1)).toBe('limited');
    now += 1000;
    expect(limiter.take(1)).toBe('ok');
    expect(limiter.take(1)).toBe('limited');
  });

  it('refills no more than the burst, however long a user was away', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1000, () => now);
    limiter.take(1);
    now += 60_000;
    expect([limiter.take(1), limiter.take(1), limiter.take(1)]).toEqual(['ok', 'ok', 'limited']);
  });

  it('refills in fractions: half the refill time gives no question back', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1000, () => now);
    limiter.take(1);
    now += 500;
    expect(limiter.take(1)).toBe('limited');
    now += 500;
    expect(limiter.take(1)).toBe('ok');
  });
});
