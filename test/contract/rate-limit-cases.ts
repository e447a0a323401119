import { expect, it } from 'vitest';
import { randomToken } from '../../src/lib/crypto.js';
import type { ContractContext } from './contract-fixtures.js';

const WINDOW = 60_000;

/** hitRateLimit: a sliding-window log per key. */
export function rateLimitCases(t: ContractContext): void {
  const hits = async (key: string, times: number[], limit = 3) => {
    const outcomes = [];
    for (const at of times)
      outcomes.push(await t.store().rateLimiter.hitRateLimit(key, limit, WINDOW, at));
    return outcomes;
  };

  it('hitRateLimit: allows up to the limit, then refuses with the wait until a slot frees', async () => {
    const now = Date.now();
    const outcomes = await hits(`login:${randomToken(6)}`, [
      now,
      now + 1000,
      now + 2000,
      now + 3000,
    ]);
    expect(outcomes).toEqual([
      { allowed: true, retryAfterMs: 0 },
      { allowed: true, retryAfterMs: 0 },
      { allowed: true, retryAfterMs: 0 },
      { allowed: false, retryAfterMs: WINDOW - 3000 },
    ]);
  });

  it('hitRateLimit: the window slides: each attempt frees its slot when it leaves the window', async () => {
    const now = Date.now();
    const key = `login:${randomToken(6)}`;
    await hits(key, [now, now + 1000, now + 2000]);
    expect(await t.store().rateLimiter.hitRateLimit(key, 3, WINDOW, now + WINDOW - 1)).toEqual({
      allowed: false,
      retryAfterMs: 1,
    });
    expect(await t.store().rateLimiter.hitRateLimit(key, 3, WINDOW, now + WINDOW)).toEqual({
      allowed: true,
      retryAfterMs: 0,
    });
    expect(await t.store().rateLimiter.hitRateLimit(key, 3, WINDOW, now + WINDOW + 1)).toEqual({
      allowed: false,
      retryAfterMs: 999,
    });
    expect(await t.store().rateLimiter.hitRateLimit(key, 3, WINDOW, now + WINDOW + 1000)).toEqual({
      allowed: true,
      retryAfterMs: 0,
    });
  });

  it('hitRateLimit: refused attempts are not counted', async () => {
    const now = Date.now();
    const key = `login:${randomToken(6)}`;
    await hits(key, [now, now + 1, now + 2, now + 3, now + 4, now + 5]);
    expect(await t.store().rateLimiter.hitRateLimit(key, 3, WINDOW, now + WINDOW + 2)).toEqual({
      allowed: true,
      retryAfterMs: 0,
    });
  });

  it('hitRateLimit: keys are counted apart, and the same millisecond counts twice', async () => {
    const now = Date.now();
    const [a, b] = [`ip:${randomToken(6)}`, `ip:${randomToken(6)}`];
    expect((await hits(a, [now, now, now])).every((o) => o.allowed)).toBe(true);
    expect((await hits(a, [now]))[0]!.allowed).toBe(false);
    expect((await hits(b, [now]))[0]!.allowed).toBe(true);
  });

  it('peekRateLimit: tells whether one more would pass, without counting it', async () => {
    const now = Date.now();
    const key = `login:user:${randomToken(6)}`;
    const limiter = t.store().rateLimiter;
    expect(await limiter.peekRateLimit(key, 2, WINDOW, now)).toEqual({
      allowed: true,
      retryAfterMs: 0,
    });
    for (let i = 0; i < 5; i++) await limiter.peekRateLimit(key, 2, WINDOW, now);
    await hits(key, [now, now + 1000], 2);
    expect(await limiter.peekRateLimit(key, 2, WINDOW, now + 2000)).toEqual({
      allowed: false,
      retryAfterMs: WINDOW - 2000,
    });
    expect(await limiter.peekRateLimit(key, 3, WINDOW, now + 2000)).toEqual({
      allowed: true,
      retryAfterMs: 0,
    });
    // The window slides for peeks too.
    expect(await limiter.peekRateLimit(key, 2, WINDOW, now + WINDOW)).toEqual({
      allowed: true,
      retryAfterMs: 0,
    });
  });
}
