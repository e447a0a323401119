import { expect, it } from 'vitest';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import { keySlot } from './key-slot.js';
import { useRedisFixture } from './redis-fixture.js';

describeEachRedis('redis store: revocation key layout', (target) => {
  const f = useRedisFixture(target);
  const revocationKeys = () => [
    f.keys.revokedSessions(),
    f.keys.revokedTokens(),
    f.keys.revokedUsers(),
    f.keys.userNotBefore(),
  ];

  it('keeps all revocation state under one hash tag, so each script runs on one Cluster slot', () => {
    const slots = new Set([...revocationKeys(), f.keys.revocationEvents()].map(keySlot));
    expect(slots.size).toBe(1);
    for (const key of revocationKeys()) expect(key).toMatch(/^test:[a-z0-9]+:\{rev\}:[a-z-]+$/);
    expect(f.keys.keySet()).toMatch(/^test:[a-z0-9]+:\{keys\}:set$/);
  });

  it('gives each revocation key a TTL at its last entry’s forgetAt', async () => {
    const now = Date.now();
    await f
      .store()
      .revocationLog.publishRevocation({ kind: 'session', sid: 's1', forgetAt: now + 30_000 }, now);
    await f
      .store()
      .revocationLog.publishRevocation({ kind: 'session', sid: 's2', forgetAt: now + 60_000 }, now);
    await f
      .store()
      .revocationLog.publishRevocation({ kind: 'token', jti: 'j1', forgetAt: now + 20_000 }, now);
    await f
      .store()
      .revocationLog.publishRevocation(
        { kind: 'user', sub: 'u1', notBefore: now, forgetAt: now + 40_000 },
        now,
      );
    const expected = {
      [f.keys.revokedSessions()]: now + 60_000,
      [f.keys.revokedTokens()]: now + 20_000,
      [f.keys.revokedUsers()]: now + 40_000,
      [f.keys.userNotBefore()]: now + 40_000,
    };
    // (The file shares one prefix: keys of the cases before this one may be there too.)
    expect(await f.allKeys()).toEqual(expect.arrayContaining(Object.keys(expected)));
    for (const [key, at] of Object.entries(expected)) {
      expect(Number(await f.redis().call('PEXPIRETIME', key)), key).toBe(at);
    }
  });

  it('prunes a kind’s forgotten entries, and their not-befores, on its next write', async () => {
    const now = Date.now();
    await f
      .store()
      .revocationLog.publishRevocation(
        { kind: 'user', sub: 'gone', notBefore: now, forgetAt: now + 100 },
        now,
      );
    await f
      .store()
      .revocationLog.publishRevocation(
        { kind: 'user', sub: 'kept', notBefore: now, forgetAt: now + 60_000 },
        now + 200,
      );
    expect(await f.redis().zscore(f.keys.revokedUsers(), 'gone')).toBeNull();
    expect(await f.redis().hget(f.keys.userNotBefore(), 'gone')).toBeNull();
    expect(await f.redis().zscore(f.keys.revokedUsers(), 'kept')).toBe(String(now + 60_000));
  });

  it('keeps the shared key set in one key without a TTL: signing keys must outlive every session', async () => {
    const set = { version: 1, keys: [] };
    expect(await f.store().keySets.compareAndSetKeySet(0, set)).toBe(true);
    expect(await f.redis().pttl(f.keys.keySet())).toBe(-1);
    expect(await f.redis().hget(f.keys.keySet(), 'version')).toBe('1');
  });
});
