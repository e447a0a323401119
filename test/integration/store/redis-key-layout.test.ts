import { expect, it } from 'vitest';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import { makeRecord, rotation } from '../../contract/contract-fixtures.js';
import { keySlot } from './key-slot.js';
import { useRedisFixture } from './redis-fixture.js';

describeEachRedis('redis store: key layout', (target) => {
  const f = useRedisFixture(target);

  it('every key the store writes has a TTL no later than its expiry', async () => {
    const now = Date.now();
    const record = await makeRecord(now, { idleMs: 60_000, absoluteMs: 120_000 });
    await f.store().sessions.createSession(record, { version: 1, encoding: 'plain', data: '{}' });
    await f
      .store()
      .sessions.rotateRefresh(
        await rotation(record, record.refresh.hash, now, { idleTtlMs: 60_000 }),
      );
    await f
      .store()
      .sessions.compareAndSetContext(record.sid, null, { encoding: 'plain', data: '[]' }, now);
    await f.store().rateLimiter.hitRateLimit('login:ip:127.0.0.1', 5, 30_000, now);
    const keys = await f.allKeys();
    expect(keys.sort()).toEqual(
      [
        f.keys.session(record.sid),
        f.keys.context(record.sid),
        f.keys.userSessions(record.sub),
        f.keys.rateLimit('login:ip:127.0.0.1'),
      ].sort(),
    );
    const limits = {
      [f.keys.session(record.sid)]: 60_000,
      [f.keys.context(record.sid)]: 60_000,
      [f.keys.userSessions(record.sub)]: 120_000,
      [f.keys.rateLimit('login:ip:127.0.0.1')]: 30_000,
    };
    for (const key of keys) {
      const ttl = await f.redis().pttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(limits[key]! + 1000);
    }
  });

  it('a session leaves nothing behind once it expires or is revoked', async () => {
    const brief = await makeRecord(Date.now(), { idleMs: 300 });
    const revoked = await makeRecord(Date.now(), { sub: brief.sub });
    await f.store().sessions.createSession(brief, { version: 1, encoding: 'plain', data: '1' });
    await f.store().sessions.createSession(revoked, { version: 1, encoding: 'plain', data: '2' });
    await f.store().sessions.revokeSession(revoked.sid, Date.now(), Date.now() + 60_000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await f.store().sessions.listUserSessions(brief.sub, Date.now())).toEqual([]);
    const keys = [brief, revoked].flatMap((r) => [f.keys.session(r.sid), f.keys.context(r.sid)]);
    // One key per EXISTS: on a cluster these keys sit in different slots.
    for (const key of [...keys, f.keys.userSessions(brief.sub)]) {
      expect(await f.redis().exists(key), key).toBe(0);
    }
  });

  it("one session's keys share a hash slot, and a user's keys theirs, whatever the ids hold", async () => {
    for (const id of ['c2lk', 'a{b}c', '}{', 'user:1', '%7B']) {
      expect(keySlot(f.keys.session(id))).toBe(keySlot(f.keys.context(id)));
      expect(f.keys.session(id)).toMatch(/^test:[a-z0-9]+:\{s:[^{}]+\}:session$/);
      expect(f.keys.userSessions(id)).toMatch(/^test:[a-z0-9]+:\{u:[^{}]+\}:sessions$/);
    }
    expect(f.keys.session('a{b}c')).not.toBe(f.keys.session('a%7Bb%7Dc'));
  });

  it('listUserSessions prunes index entries whose session is gone', async () => {
    const now = Date.now();
    const record = await makeRecord(now);
    await f.store().sessions.createSession(record);
    await f.redis().zadd(f.keys.userSessions(record.sub), now + 60_000, 'vanished-sid');
    expect(await f.store().sessions.listUserSessions(record.sub, now)).toEqual([record]);
    expect(await f.redis().zrange(f.keys.userSessions(record.sub), '0', '-1')).toEqual([
      record.sid,
    ]);
  });

  it('a crash between index and record leaves only a stale index entry', async () => {
    const now = Date.now();
    const record = await makeRecord(now);
    await f.redis().zadd(f.keys.userSessions(record.sub), record.absoluteExpiresAt, record.sid);
    expect(await f.store().sessions.listUserSessions(record.sub, now)).toEqual([]);
    expect(await f.redis().exists(f.keys.userSessions(record.sub))).toBe(0);
  });
});
