import type { RateLimiter, RateLimitOutcome } from '../rate-limiter.js';

/** One rate-limit key's log: the times of the attempts still inside the window, oldest first. */
interface WindowLog {
  hits: number[];
  windowMs: number;
}

/** Memory is bounded by pruning: a full sweep of idle keys at most this often. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Counts an attempt at `now` in a sliding-window log, pruning what has left the window. Refused
 * attempts are not logged, so a blocked client is free again once its oldest attempt ages out.
 */
function hitSlidingWindow(log: WindowLog, limit: number, now: number): RateLimitOutcome {
  log.hits = log.hits.filter((at) => at > now - log.windowMs);
  if (log.hits.length < limit) {
    log.hits.push(now);
    return { allowed: true, retryAfterMs: 0 };
  }
  return { allowed: false, retryAfterMs: log.hits[0]! + log.windowMs - now };
}

/** The memory backend's RateLimiter: a sliding-window log per key, in this process. */
export function createMemoryRateLimiter(): RateLimiter & { clear(): void } {
  const windows = new Map<string, WindowLog>();
  let lastSweep = -Infinity;
  const sweep = (now: number) => {
    if (now - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = now;
    for (const [key, log] of windows) {
      if ((log.hits.at(-1) ?? -Infinity) <= now - log.windowMs) windows.delete(key);
    }
  };
  return {
    hitRateLimit: async (key, limit, windowMs, now) => {
      sweep(now);
      const log = windows.get(key) ?? { hits: [], windowMs };
      log.windowMs = windowMs;
      windows.set(key, log);
      return hitSlidingWindow(log, limit, now);
    },
    peekRateLimit: async (key, limit, windowMs, now) => {
      const hits = (windows.get(key)?.hits ?? []).filter((at) => at > now - windowMs);
      if (hits.length < limit) return { allowed: true, retryAfterMs: 0 };
      return { allowed: false, retryAfterMs: hits[0]! + windowMs - now };
    },
    clear: () => windows.clear(),
  };
}
