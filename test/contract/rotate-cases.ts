import { expect, it } from 'vitest';
import { REMEMBERED_REFRESH_HASHES } from '../../src/store/session-record.js';
import {
  type ContractContext,
  IDLE_MS,
  makeRecord,
  randomHash,
  rotation,
} from './contract-fixtures.js';

/** rotateRefresh: RFC 9700 §4.14.2 rotation, grace-window replay and reuse detection. */
export function rotateCases(t: ContractContext): void {
  const created = async (now: number, options?: Parameters<typeof makeRecord>[1]) => {
    const record = await makeRecord(now, options);
    await t.store().sessions.createSession(record);
    return record;
  };

  it('rotateRefresh: the current hash rotates to the next one and slides the idle expiry', async () => {
    const now = Date.now();
    const record = await created(now, {
      claims: { ids: [], big: 1234567890123456, nested: { a: [] } },
    });
    const request = await rotation(record, record.refresh.hash, now + 1000);
    const outcome = await t.store().sessions.rotateRefresh(request);
    const expected = {
      ...record,
      lastSeenAt: now + 1000,
      idleExpiresAt: now + 1000 + IDLE_MS,
      refresh: {
        hash: request.nextHash,
        previous: [record.refresh.hash],
        rotatedAt: now + 1000,
        successor: request.sealedSuccessor,
      },
    };
    expect(outcome).toEqual({ kind: 'rotated', record: expected });
    expect(await t.store().sessions.getSession(record.sid, now + 1000)).toEqual(expected);
  });

  it('rotateRefresh: the idle expiry slides, but never past the absolute expiry', async () => {
    const now = Date.now();
    const record = await created(now, { idleMs: 60_000, absoluteMs: 90_000 });
    const outcome = await t
      .store()
      .sessions.rotateRefresh(
        await rotation(record, record.refresh.hash, now + 50_000, { idleTtlMs: 60_000 }),
      );
    expect(outcome.kind === 'rotated' && outcome.record.idleExpiresAt).toBe(
      record.absoluteExpiresAt,
    );
    expect(outcome.kind === 'rotated' && outcome.record.absoluteExpiresAt).toBe(
      record.absoluteExpiresAt,
    );
  });

  it('rotateRefresh: a rotation keeps the session alive past its first idle expiry', async () => {
    const record = await created(t.time().now(), { idleMs: 400 });
    await t.time().pass(250);
    const request = await rotation(record, record.refresh.hash, t.time().now(), { idleTtlMs: 400 });
    expect((await t.store().sessions.rotateRefresh(request)).kind).toBe('rotated');
    await t.time().pass(250);
    expect(await t.store().sessions.getSession(record.sid, t.time().now())).not.toBeNull();
    await t.time().pass(300);
    expect(await t.store().sessions.getSession(record.sid, t.time().now())).toBeNull();
  });

  it(`rotateRefresh: remembers at most ${REMEMBERED_REFRESH_HASHES} rotated-out hashes, newest first`, async () => {
    const now = Date.now();
    const record = await created(now);
    const hashes = [record.refresh.hash];
    for (let i = 1; i <= REMEMBERED_REFRESH_HASHES + 2; i++) {
      const request = await rotation(record, hashes.at(-1)!, now + i);
      expect((await t.store().sessions.rotateRefresh(request)).kind).toBe('rotated');
      hashes.push(request.nextHash);
    }
    const stored = (await t.store().sessions.getSession(record.sid, now + 100))!;
    expect(stored.refresh.previous).toEqual(
      hashes.slice(0, -1).reverse().slice(0, REMEMBERED_REFRESH_HASHES),
    );
  });

  it('rotateRefresh: replay within grace returns the stored successor', async () => {
    const now = Date.now();
    const record = await created(now);
    const first = await rotation(record, record.refresh.hash, now);
    const rotated = await t.store().sessions.rotateRefresh(first);
    const replay = await t
      .store()
      .sessions.rotateRefresh(await rotation(record, record.refresh.hash, now + 10_000));
    expect(replay).toEqual({
      kind: 'replayed-in-grace',
      record: rotated.kind === 'rotated' ? rotated.record : null,
      successor: first.sealedSuccessor,
    });
    expect((await t.store().sessions.getSession(record.sid, now))!.refresh.hash).toBe(
      first.nextHash,
    );
  });

  it('rotateRefresh: replay after the grace window is reuse: the session is revoked', async () => {
    const now = Date.now();
    const record = await created(now);
    await t.store().sessions.rotateRefresh(await rotation(record, record.refresh.hash, now));
    const late = await t
      .store()
      .sessions.rotateRefresh(await rotation(record, record.refresh.hash, now + 10_001));
    expect(late).toEqual({ kind: 'reuse-detected', sub: record.sub });
    expect(await t.store().sessions.getSession(record.sid, now + 10_001)).toBeNull();
    expect(await t.store().sessions.getContext(record.sid, now + 10_001)).toBeNull();
    expect(await t.store().sessions.listUserSessions(record.sub, now + 10_001)).toEqual([]);
  });

  it('rotateRefresh: an older remembered hash is reuse even within grace', async () => {
    const now = Date.now();
    const record = await created(now);
    const first = await rotation(record, record.refresh.hash, now);
    await t.store().sessions.rotateRefresh(first);
    await t.store().sessions.rotateRefresh(await rotation(record, first.nextHash, now + 1));
    const replay = await t
      .store()
      .sessions.rotateRefresh(await rotation(record, record.refresh.hash, now + 2));
    expect(replay).toEqual({ kind: 'reuse-detected', sub: record.sub });
    expect(await t.store().sessions.getSession(record.sid, now + 2)).toBeNull();
  });

  it('rotateRefresh: an unknown hash is unknown and changes nothing', async () => {
    const now = Date.now();
    const record = await created(now);
    await t.store().sessions.rotateRefresh(await rotation(record, record.refresh.hash, now));
    const before = await t.store().sessions.getSession(record.sid, now);
    const stranger = await t
      .store()
      .sessions.rotateRefresh(await rotation(record, await randomHash(), now + 60_000));
    expect(stranger).toEqual({ kind: 'unknown' });
    expect(await t.store().sessions.getSession(record.sid, now)).toEqual(before);
  });

  it('rotateRefresh: unknown for an unknown sid', async () => {
    const record = await makeRecord(Date.now());
    expect(
      await t
        .store()
        .sessions.rotateRefresh(await rotation(record, record.refresh.hash, Date.now())),
    ).toEqual({ kind: 'unknown' });
  });

  it('rotateRefresh: unknown once the session expired', async () => {
    const record = await created(t.time().now(), { idleMs: 400 });
    await t.time().pass(550);
    const request = await rotation(record, record.refresh.hash, t.time().now());
    expect(await t.store().sessions.rotateRefresh(request)).toEqual({ kind: 'unknown' });
  });

  it('rotateRefresh: 10 parallel refreshes of one token: one rotates, nine replay its successor', async () => {
    const now = Date.now();
    const record = await created(now);
    const requests = await Promise.all(
      Array.from({ length: 10 }, (_, i) => rotation(record, record.refresh.hash, now + i)),
    );
    const outcomes = await Promise.all(
      requests.map((request) => t.store().sessions.rotateRefresh(request)),
    );
    const winners = requests.filter((_, i) => outcomes[i]!.kind === 'rotated');
    expect(winners).toHaveLength(1);
    const replays = outcomes.filter((outcome) => outcome.kind === 'replayed-in-grace');
    expect(replays).toHaveLength(9);
    for (const replay of replays) expect(replay.successor).toBe(winners[0]!.sealedSuccessor);
    expect((await t.store().sessions.getSession(record.sid, now + 10))!.refresh.hash).toBe(
      winners[0]!.nextHash,
    );
  });
}
