import { tooManyRequests } from '../errors/errors.js';
import type { Clock } from '../lib/clock.js';
import { sha256Hex } from '../lib/crypto.js';
import type { RateLimiter, RateLimitOutcome } from '../store/rate-limiter.js';
import { storeCall } from '../store/store-call.js';

interface RateLimitRule {
  limit: number;
  window: number;
}

/** What the login rate limit needs; GatewayDeps satisfies it. */
export interface LoginRateLimitDeps {
  rateLimiter: RateLimiter;
  clock: Clock;
  config: {
    rateLimit: {
      login: {
        perIp: RateLimitRule;
        perUsernameAndAddress: RateLimitRule;
        perUsername: RateLimitRule;
      };
    };
  };
}

/** One login attempt as the limits see it. */
export interface LoginAttempt {
  ip: string | undefined;
  username: string;
}

/**
 * The store keys of an attempt. Usernames are keyed on a hash of the lower-cased name: the store
 * never holds usernames, which may be mistyped passwords.
 */
async function keysOf(attempt: LoginAttempt) {
  const user = await sha256Hex(attempt.username.toLowerCase());
  return {
    ip: attempt.ip === undefined ? undefined : `login:ip:${attempt.ip}`,
    pair: attempt.ip === undefined ? undefined : `login:user-ip:${user}:${attempt.ip}`,
    user: `login:user:${user}`,
  };
}

/**
 * Checks an attempt before the credentials are (README "Security at the edge"): every attempt
 * counts against its client address (`perIp`); the username limits count only failures
 * (recordLoginFailure) and are only looked at here. `perUsernameAndAddress` is the strict one, so
 * an attacker failing from one address locks out only that address; `perUsername` (across all
 * addresses, higher) slows a guess spread over many. 429 with Retry-After when over; 503 when the
 * store fails. An attempt refused per IP is not counted anywhere else.
 */
export async function checkLoginRateLimit(
  deps: LoginRateLimitDeps,
  attempt: LoginAttempt,
): Promise<void> {
  const { perIp, perUsernameAndAddress, perUsername } = deps.config.rateLimit.login;
  const now = deps.clock.now();
  const keys = await keysOf(attempt);
  if (keys.ip !== undefined) {
    await refuseUnless(() =>
      deps.rateLimiter.hitRateLimit(keys.ip!, perIp.limit, perIp.window, now),
    );
  }
  if (keys.pair !== undefined) {
    const { limit, window } = perUsernameAndAddress;
    await refuseUnless(() => deps.rateLimiter.peekRateLimit(keys.pair!, limit, window, now));
  }
  await refuseUnless(() =>
    deps.rateLimiter.peekRateLimit(keys.user, perUsername.limit, perUsername.window, now),
  );
}

/** Counts a failed login (bad credentials) against its username, per address and overall. */
export async function recordLoginFailure(
  deps: LoginRateLimitDeps,
  attempt: LoginAttempt,
): Promise<void> {
  const { perUsernameAndAddress, perUsername } = deps.config.rateLimit.login;
  const now = deps.clock.now();
  const keys = await keysOf(attempt);
  // Counted even past the limit (a concurrent failure may have filled it): hitRateLimit would
  // refuse, so the limit passed is one above what is checked.
  if (keys.pair !== undefined) {
    const { limit, window } = perUsernameAndAddress;
    await storeCall(() => deps.rateLimiter.hitRateLimit(keys.pair!, limit + 1, window, now));
  }
  await storeCall(() =>
    deps.rateLimiter.hitRateLimit(keys.user, perUsername.limit + 1, perUsername.window, now),
  );
}

async function refuseUnless(count: () => Promise<RateLimitOutcome>): Promise<void> {
  const outcome = await storeCall(count);
  if (!outcome.allowed) throw tooManyRequests(outcome.retryAfterMs / 1000);
}
