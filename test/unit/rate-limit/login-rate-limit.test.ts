import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/lib/crypto.js';
import {
  checkLoginRateLimit,
  recordLoginFailure,
} from '../../../src/rate-limit/login-rate-limit.js';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import type { Store } from '../../../src/store/store.js';
import { fakeClock } from '../../helpers/fake-clock.js';

function deps(store: Store, perIp = 3, perUsernameAndAddress = 2, perUsername = 4) {
  const rule = (limit: number) => ({ limit, window: 60_000 });
  return {
    rateLimiter: store.rateLimiter,
    clock: fakeClock(),
    config: {
      rateLimit: {
        login: {
          perIp: rule(perIp),
          perUsernameAndAddress: rule(perUsernameAndAddress),
          perUsername: rule(perUsername),
        },
      },
    },
  };
}

/** A memory store that records which rate-limit keys it counts and peeks at. */
function keyRecordingStore() {
  const calls: string[] = [];
  const inner = createMemoryStore();
  const store: Store = {
    ...inner,
    rateLimiter: {
      hitRateLimit: (key, ...rest) => {
        calls.push(`hit ${key}`);
        return inner.rateLimiter.hitRateLimit(key, ...rest);
      },
      peekRateLimit: (key, ...rest) => {
        calls.push(`peek ${key}`);
        return inner.rateLimiter.peekRateLimit(key, ...rest);
      },
    },
  };
  return { store, calls };
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('checkLoginRateLimit and recordLoginFailure', () => {
  it('counts every attempt per IP, peeks at the username limits, counts only failures there', async () => {
    const { store, calls } = keyRecordingStore();
    const d = deps(store);
    const attempt = { ip: '192.0.2.7', username: 'Alice@Example.com' };
    const user = await sha256Hex('alice@example.com');
    await checkLoginRateLimit(d, attempt);
    expect(calls).toEqual([
      'hit login:ip:192.0.2.7',
      `peek login:user-ip:${user}:192.0.2.7`,
      `peek login:user:${user}`,
    ]);
    calls.length = 0;
    await recordLoginFailure(d, attempt);
    expect(calls).toEqual([`hit login:user-ip:${user}:192.0.2.7`, `hit login:user:${user}`]);
    expect(calls.join()).not.toMatch(/alice/i);
  });

  it('locks a (username, address) pair after its failures, not the username elsewhere', async () => {
    const d = deps(createMemoryStore(), 100, 2, 100);
    const attacker = { ip: '198.51.100.66', username: 'victim' };
    for (let i = 0; i < 2; i++) {
      await checkLoginRateLimit(d, attacker);
      await recordLoginFailure(d, attacker);
    }
    expect(await errorOf(checkLoginRateLimit(d, attacker))).toMatchObject({ status: 429 });
    await checkLoginRateLimit(d, { ip: '192.0.2.1', username: 'victim' });
  });

  it('limits failures at a username across addresses, with Retry-After until the oldest ages out', async () => {
    const d = deps(createMemoryStore(), 100, 100, 3);
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      await recordLoginFailure(d, { ip, username: 'alice' });
      d.clock.advance(1000);
    }
    const error = await errorOf(checkLoginRateLimit(d, { ip: '192.0.2.9', username: 'ALICE' }));
    expect(error).toMatchObject({ status: 429, headers: { 'Retry-After': '57' } });
    await checkLoginRateLimit(d, { ip: '192.0.2.9', username: 'bob' });
  });

  it('does not look at the usernames of an attempt refused per IP', async () => {
    const { store, calls } = keyRecordingStore();
    const d = deps(store, 1);
    await checkLoginRateLimit(d, { ip: '192.0.2.7', username: 'a' });
    calls.length = 0;
    await errorOf(checkLoginRateLimit(d, { ip: '192.0.2.7', username: 'victim' }));
    expect(calls).toEqual(['hit login:ip:192.0.2.7']);
  });

  it('counts only the username overall when the client address is unknown', async () => {
    const { store, calls } = keyRecordingStore();
    await checkLoginRateLimit(deps(store), { ip: undefined, username: 'alice' });
    expect(calls).toEqual([`peek login:user:${await sha256Hex('alice')}`]);
  });

  it('throws a 503 store-unavailable when the store fails', async () => {
    const fail = () => Promise.reject(new Error('ECONNREFUSED'));
    const store: Store = {
      ...createMemoryStore(),
      rateLimiter: { hitRateLimit: fail, peekRateLimit: fail },
    };
    const error = await errorOf(checkLoginRateLimit(deps(store), { ip: '::1', username: 'a' }));
    expect(error).toMatchObject({ code: 'store-unavailable', status: 503 });
  });
});
