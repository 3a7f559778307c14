/**
 * Per-token rate limiting of the machine API: a token bucket per token id, in memory.
 *
 * Why not `@fastify/rate-limit`: it is not a dependency of @policy/server, and the rules of this
 * work forbid adding one; the limit needed is small (one process, keyed by an id we already have
 * after authentication), so a bucket is a dozen lines. In memory means per process: a restart
 * refills every bucket, and several server processes would each allow the rate.
 */
export interface RateLimitSettings {
  /** Requests a token may make at once (the bucket's size). */
  burst: number;
  /** Requests per second added back. */
  perSecond: number;
}

export const DEFAULT_API_RATE: RateLimitSettings = { burst: 60, perSecond: 2 };

export class TokenBuckets {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();
  constructor(private readonly settings: RateLimitSettings) {}

  /** Takes one request from the key's bucket: 0 when allowed, else the seconds to wait. */
  take(key: number, now = Date.now()): number {
    const { burst, perSecond } = this.settings;
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
  }
}
