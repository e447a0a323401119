import { tooManyRequests } from '../errors/errors.js';
import type { Clock } from '../lib/clock.js';
import { sha256Hex } from '../lib/crypto.js';
import type { RateLimiter } from '../store/rate-limiter.js';
import { storeCall } from '../store/store-call.js';

interface RateLimitRule {
  limit: number;
  window: number;
}

/** What the login rate limit needs; GatewayDeps satisfies it. */
export interface LoginRateLimitDeps {
  rateLimiter: RateLimiter;
  clock: Clock;
  config: { rateLimit: { login: { perIp: RateLimitRule; perUsername: RateLimitRule } } };
}

/**
 * Counts one login attempt per client IP and per username in the store's sliding windows
 * (README "Sessions and refresh tokens") and throws a 429 with Retry-After when either is over its
 * limit; a store failure throws a 503. Every attempt counts, successful or not. An attempt refused
 * per IP is not counted per username, so one noisy client cannot also lock the accounts it names.
 */
export async function checkLoginRateLimit(
  deps: LoginRateLimitDeps,
  attempt: { ip: string | undefined; username: string },
): Promise<void> {
  const { perIp, perUsername } = deps.config.rateLimit.login;
  const now = deps.clock.now();
  if (attempt.ip !== undefined) {
    await hit(deps, `login:ip:${attempt.ip}`, perIp, now);
  }
  // Keyed on a hash: the store never holds usernames, which may be mistyped passwords.
  const user = await sha256Hex(attempt.username.toLowerCase());
  await hit(deps, `login:user:${user}`, perUsername, now);
}

async function hit(deps: LoginRateLimitDeps, key: string, rule: RateLimitRule, now: number) {
  const outcome = await storeCall(() =>
    deps.rateLimiter.hitRateLimit(key, rule.limit, rule.window, now),
  );
  if (!outcome.allowed) throw tooManyRequests(outcome.retryAfterMs / 1000);
}
