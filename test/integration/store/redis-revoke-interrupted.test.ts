import { expect, it } from 'vitest';
import { systemClock } from '../../../src/lib/clock.js';
import { revokeUserSessions } from '../../../src/revocation/revoke.js';
import { makeRecord, MINUTE, rotation } from '../../contract/contract-fixtures.js';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import { useRedisFixture } from './redis-fixture.js';

// A revocation touches two Cluster slots — the session's `{s:<sid>}` and the revocation set's
// `{rev}` — so one step can be left undone (a crash, a node lost in between). Whatever is left
// undone, a revoked session must never be refreshable again: the session is ended first, then the
// revocation published. Here the publish fails for real: the `{rev}` key it writes holds a string,
// so Redis answers WRONGTYPE.

const TOKENS = { accessTtl: 5 * MINUTE, clockTolerance: 5000 };

describeEachRedis('redis store: a revocation interrupted between its two slots', (target) => {
  const f = useRedisFixture(target);

  /** Makes the next publish of this kind fail; returns the undo. */
  async function breakRevocations(key: string): Promise<() => Promise<void>> {
    await f.redis().set(key, 'not a sorted set', 'PX', MINUTE);
    return async () => {
      await f.redis().del(key);
    };
  }

  it('a session whose revocation could not be published is still ended, and a retry publishes it', async () => {
    const now = Date.now();
    const record = await makeRecord(now);
    await f.store().sessions.createSession(record);
    const query = { sid: record.sid, jti: 'j', sub: record.sub, issuedAt: now };

    const repair = await breakRevocations(f.keys.revokedSessions());
    await expect(f.store().sessions.revokeSession(record.sid, now, now + MINUTE)).rejects.toThrow();
    await repair();

    expect(await f.store().sessions.getSession(record.sid, now)).toBeNull();
    const refresh = await rotation(record, record.refresh.hash, now + 1000);
    expect((await f.store().sessions.rotateRefresh(refresh)).kind).toBe('unknown');
    expect(await f.store().sessions.listUserSessions(record.sub, now)).toEqual([]);
    expect(await f.store().revocationLog.isRevoked(query, now)).toBe(false);

    expect(await f.store().sessions.revokeSession(record.sid, now, now + MINUTE)).toBeNull();
    expect(await f.store().revocationLog.isRevoked(query, now)).toBe(true);
  });

  it('a user whose not-before could not be published has every session ended', async () => {
    const now = Date.now();
    const sub = `user-${now}`;
    const records = [await makeRecord(now, { sub }), await makeRecord(now, { sub })];
    for (const record of records) await f.store().sessions.createSession(record);
    const deps = {
      sessions: f.store().sessions,
      revocationLog: f.store().revocationLog,
      clock: systemClock,
      config: { tokens: TOKENS },
    };

    const repair = await breakRevocations(f.keys.revokedUsers());
    await expect(revokeUserSessions(deps, sub)).rejects.toMatchObject({ status: 503 });
    await repair();

    for (const record of records) {
      expect(await f.store().sessions.getSession(record.sid, now)).toBeNull();
      const refresh = await rotation(record, record.refresh.hash, now + 1000);
      expect((await f.store().sessions.rotateRefresh(refresh)).kind).toBe('unknown');
    }
    expect(await f.store().sessions.listUserSessions(sub, now)).toEqual([]);

    // Retried, it publishes the not-before: tokens issued before now are refused.
    expect(await revokeUserSessions(deps, sub)).toBe(0);
    const earlier = { sid: 'other', jti: 'j', sub, issuedAt: now - 2000 };
    expect(await f.store().revocationLog.isRevoked(earlier, now)).toBe(true);
  });
});
