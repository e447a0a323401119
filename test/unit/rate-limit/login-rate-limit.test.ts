import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { sha256Hex } from '../../../src/lib/crypto.js';
import { checkLoginRateLimit } from '../../../src/rate-limit/login-rate-limit.js';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import type { Store } from '../../../src/store/store.js';
import { fakeClock } from '../../helpers/fake-clock.js';

function deps(store: Store, perIp = 3, perUsername = 2) {
  return {
    rateLimiter: store.rateLimiter,
    clock: fakeClock(),
    config: {
      rateLimit: {
        login: {
          perIp: { limit: perIp, window: 60_000 },
          perUsername: { limit: perUsername, window: 60_000 },
        },
      },
    },
  };
}

/** A memory store that records the rate-limit keys it is asked about. */
function keyRecordingStore() {
  const keys: string[] = [];
  const inner = createMemoryStore();
  const store: Store = {
    ...inner,
    rateLimiter: {
      hitRateLimit: (key, ...rest) => {
        keys.push(key);
        return inner.rateLimiter.hitRateLimit(key, ...rest);
      },
    },
  };
  return { store, keys };
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('checkLoginRateLimit', () => {
  it('counts per IP and per lower-cased username hash, never the raw username', async () => {
    const { store, keys } = keyRecordingStore();
    await checkLoginRateLimit(deps(store), { ip: '192.0.2.7', username: 'Alice@Example.com' });
    expect(keys).toEqual([
      'login:ip:192.0.2.7',
      `login:user:${await sha256Hex('alice@example.com')}`,
    ]);
    expect(keys.join()).not.toMatch(/alice/i);
  });

  it('counts only the username when the client address is unknown', async () => {
    const { store, keys } = keyRecordingStore();
    await checkLoginRateLimit(deps(store), { ip: undefined, username: 'alice' });
    expect(keys).toEqual([`login:user:${await sha256Hex('alice')}`]);
  });

  it('throws 429 with Retry-After in whole seconds once an IP is over its limit', async () => {
    const d = deps(createMemoryStore(), 2, 100);
    await checkLoginRateLimit(d, { ip: '192.0.2.7', username: 'a' });
    d.clock.advance(1500);
    await checkLoginRateLimit(d, { ip: '192.0.2.7', username: 'b' });
    d.clock.advance(1500);
    const error = await errorOf(checkLoginRateLimit(d, { ip: '192.0.2.7', username: 'c' }));
    expect(error).toBeInstanceOf(GatewayError);
    // The first attempt leaves the window 57 s from now.
    expect(error).toMatchObject({ status: 429, headers: { 'Retry-After': '57' } });
  });

  it('rounds a partial second up', async () => {
    const d = deps(createMemoryStore(), 1, 100);
    await checkLoginRateLimit(d, { ip: '192.0.2.7', username: 'a' });
    d.clock.advance(59_500);
    const error = await errorOf(checkLoginRateLimit(d, { ip: '192.0.2.7', username: 'a' }));
    expect(error).toMatchObject({ status: 429, headers: { 'Retry-After': '1' } });
  });

  it('does not count a username against an attempt refused per IP', async () => {
    const { store, keys } = keyRecordingStore();
    const d = deps(store, 1, 100);
    await checkLoginRateLimit(d, { ip: '192.0.2.7', username: 'a' });
    await errorOf(checkLoginRateLimit(d, { ip: '192.0.2.7', username: 'victim' }));
    expect(keys).not.toContain(`login:user:${await sha256Hex('victim')}`);
  });

  it('limits a username across IPs, case-insensitively', async () => {
    const d = deps(createMemoryStore(), 100, 2);
    await checkLoginRateLimit(d, { ip: '192.0.2.1', username: 'alice' });
    await checkLoginRateLimit(d, { ip: '192.0.2.2', username: 'ALICE' });
    const error = await errorOf(checkLoginRateLimit(d, { ip: '192.0.2.3', username: 'Alice' }));
    expect(error).toMatchObject({ status: 429 });
    await checkLoginRateLimit(d, { ip: '192.0.2.3', username: 'bob' });
  });

  it('throws a 503 store-unavailable when the store fails', async () => {
    const store: Store = {
      ...createMemoryStore(),
      rateLimiter: { hitRateLimit: () => Promise.reject(new Error('ECONNREFUSED')) },
    };
    const error = await errorOf(checkLoginRateLimit(deps(store), { ip: '::1', username: 'a' }));
    expect(error).toMatchObject({ code: 'store-unavailable', status: 503 });
  });
});
