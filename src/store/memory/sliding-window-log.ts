import type { RateLimitOutcome } from '../session-store.js';

/** One rate-limit key's log: the times of the attempts still inside the window, oldest first. */
export interface WindowLog {
  hits: number[];
  windowMs: number;
}

/**
 * Counts an attempt at `now` in a sliding-window log, pruning what has left the window. Refused
 * attempts are not logged, so a blocked client is free again once its oldest attempt ages out.
 */
export function hitSlidingWindow(log: WindowLog, limit: number, now: number): RateLimitOutcome {
  log.hits = log.hits.filter((at) => at > now - log.windowMs);
  if (log.hits.length < limit) {
    log.hits.push(now);
    return { allowed: true, retryAfterMs: 0 };
  }
  return { allowed: false, retryAfterMs: log.hits[0]! + log.windowMs - now };
}
