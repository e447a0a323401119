import { expect, it } from 'vitest';
import { sha256Hex } from '../../../src/lib/crypto.js';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import { rotation } from '../../contract/contract-fixtures.js';
import { useRedisFixture } from './redis-fixture.js';
import { v0SessionRecord } from '../../helpers/v0-session-record.js';

describeEachRedis('redis store: schema upgrade on read', (target) => {
  const f = useRedisFixture(target);

  /** Writes a v0 (pre-release) record by hand, as an old gatehouse left it. */
  const writeV0 = async (sid: string, now: number) => {
    const v0 = await v0SessionRecord(sid, now, {
      scope: 'read  write',
      claims: { tenant: 'acme' },
    });
    await f.redis().set(f.keys.session(sid), JSON.stringify(v0), 'PX', 60_000);
    await f.redis().zadd(f.keys.userSessions(v0.sub), v0.absoluteExpiresAt, sid);
    return v0;
  };

  it('getSession upgrades a hand-written v0 record to v1', async () => {
    const now = Date.now();
    const v0 = await writeV0('legacy-1', now);
    expect(await f.store().sessions.getSession('legacy-1', now)).toEqual({
      v: 1,
      sid: 'legacy-1',
      sub: 'legacy-user',
      scope: ['read', 'write'],
      claims: { tenant: 'acme' },
      createdAt: v0.created,
      lastSeenAt: v0.lastSeen,
      idleExpiresAt: v0.expiresAt,
      absoluteExpiresAt: v0.absoluteExpiresAt,
      refresh: { hash: v0.refreshHash, previous: [], rotatedAt: 0, successor: null },
    });
    expect(
      (await f.store().sessions.listUserSessions('legacy-user', now)).map((r) => r.sid),
    ).toEqual(['legacy-1']);
  });

  it('rotateRefresh on a v0 record rotates it and writes it back as v1', async () => {
    const now = Date.now();
    const v0 = await writeV0('legacy-2', now);
    const request = await rotation({ sid: 'legacy-2' } as never, v0.refreshHash, now);
    const outcome = await f.store().sessions.rotateRefresh(request);
    expect(outcome.kind).toBe('rotated');
    const stored = JSON.parse((await f.redis().get(f.keys.session('legacy-2')))!) as Record<
      string,
      unknown
    >;
    expect(stored).toMatchObject({ v: 1, sid: 'legacy-2', scope: 'read write' });
    expect(await f.redis().pttl(f.keys.session('legacy-2'))).toBeGreaterThan(0);
    expect((await f.store().sessions.getSession('legacy-2', now))!.refresh.previous).toEqual([
      v0.refreshHash,
    ]);
  });

  it('compareAndSetContext and getContext work on a v0 record', async () => {
    const now = Date.now();
    await writeV0('legacy-3', now);
    expect((await f.store().sessions.getContext('legacy-3', now))?.context ?? null).toEqual({
      version: 0,
      encoding: 'plain',
      data: 'null',
    });
    const write = await f
      .store()
      .sessions.compareAndSetContext('legacy-3', 0, { encoding: 'plain', data: '{"a":1}' }, now);
    expect(write).toEqual({ kind: 'written', version: 1 });
  });

  it('a record that is not a session reads as none and is left alone', async () => {
    const now = Date.now();
    await f.redis().set(f.keys.session('garbage'), '{"sid":"garbage","v":9}', 'PX', 60_000);
    expect(await f.store().sessions.getSession('garbage', now)).toBeNull();
    const request = await rotation({ sid: 'garbage' } as never, await sha256Hex('x'), now);
    expect(await f.store().sessions.rotateRefresh(request)).toEqual({ kind: 'unknown' });
    expect(
      await f
        .store()
        .sessions.compareAndSetContext('garbage', null, { encoding: 'plain', data: '1' }, now),
    ).toEqual({
      kind: 'no-session',
    });
    expect(await f.redis().get(f.keys.session('garbage'))).toBe('{"sid":"garbage","v":9}');
  });
});
