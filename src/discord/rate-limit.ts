/**
 * Per-user token bucket: `burst` requests at once, refilled at `perMinute`. Buckets that have
 * refilled completely carry no information and are dropped, so memory follows active users only.
 */
export interface RateLimitDecision {
  ok: boolean;
  /** When not ok: milliseconds until one request is allowed again. */
  retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;

  constructor(
    readonly perMinute: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#perMs = perMinute / 60_000;
  }

  take(key: string): RateLimitDecision {
    const now = this.now();
    const bucket = this.#refilled(this.#buckets.get(key), now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.#buckets.set(key, bucket);
      if (this.#buckets.size > 1000) this.#sweep(now);
      return { ok: true, retryAfterMs: 0 };
    }
    this.#buckets.set(key, bucket);
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.#perMs) };
  }

  get size(): number {
    return this.#buckets.size;
  }

  #refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.burst, at: now };
    return { tokens: Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.#perMs), at: now };
  }

  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (this.#refilled(bucket, now).tokens >= this.burst) this.#buckets.delete(key);
    }
  }
}
