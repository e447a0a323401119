/** Outcome of counting one attempt in a sliding window. */
export interface RateLimitOutcome {
  allowed: boolean;
  /** 0 when allowed; else how long until the oldest counted attempt leaves the window. */
  retryAfterMs: number;
}

/** The rate-limiter contract: a sliding-window log per key, shared by every instance. */
export interface RateLimiter {
  /**
   * Counts one attempt against `key` in a sliding window of `windowMs`; at most `limit` pass.
   * Refused attempts are not counted.
   */
  hitRateLimit(
    key: string,
    limit: number,
    windowMs: number,
    now: number,
  ): Promise<RateLimitOutcome>;
  /**
   * Whether one more attempt against `key` would pass, without counting it: for limits that
   * count only some outcomes (failed logins), checked before and counted after.
   */
  peekRateLimit(
    key: string,
    limit: number,
    windowMs: number,
    now: number,
  ): Promise<RateLimitOutcome>;
}
