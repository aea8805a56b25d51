import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/discord/rate-limit.js';

describe('RateLimiter (token bucket per user)', () => {
  it('allows a burst, then one request per refill interval, with the wait until the next', () => {
    let now = 0;
    const limiter = new RateLimiter(6, 3, () => now); // one token every 10 s
    expect([1, 2, 3].map(() => limiter.take('u').ok)).toEqual([true, true, true]);
    expect(limiter.take('u')).toEqual({ ok: false, retryAfterMs: 10_000 });
    now = 4_000;
    expect(limiter.take('u')).toEqual({ ok: false, retryAfterMs: 6_000 });
    now = 10_000;
    expect(limiter.take('u').ok).toBe(true);
    expect(limiter.take('u').ok).toBe(false);
  });

  it('keeps users apart and never refills above the burst', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 2, () => now);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.take('b').ok).toBe(true);
    now = 3_600_000;
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, false]);
  });

  it('forgets users whose bucket is full again, so memory follows active users', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 1, () => now);
    for (let i = 0; i < 1000; i++) limiter.take(`user${i}`);
    now = 10_000;
    limiter.take('one-more');
    expect(limiter.size).toBe(1);
  });
});
