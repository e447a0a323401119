import { randomToken } from '../../lib/crypto.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { StoreCommands } from './define-store-commands.js';
import type { RedisKeys } from './keys.js';

/** The Redis backend's RateLimiter: one sorted set per key, counted by hit-rate-limit.lua. */
export function redisRateLimiter(commands: StoreCommands, keys: RedisKeys): RateLimiter {
  return {
    async hitRateLimit(key, limit, windowMs, now) {
      // A unique member, so two attempts in the same millisecond count twice.
      const attempt = `${now}:${randomToken(6)}`;
      const reply = await commands.hitRateLimit(
        [keys.rateLimit(key)],
        [now, windowMs, limit, attempt],
      );
      const waitMs = Number(reply);
      return { allowed: waitMs === 0, retryAfterMs: waitMs };
    },
    async peekRateLimit(key, limit, windowMs, now) {
      const reply = await commands.peekRateLimit([keys.rateLimit(key)], [now, windowMs, limit]);
      const waitMs = Number(reply);
      return { allowed: waitMs === 0, retryAfterMs: waitMs };
    },
  };
}
