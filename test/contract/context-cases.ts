import { expect, it } from 'vitest';
import { UNWRITTEN_CONTEXT } from '../../src/store/session-record.js';
import { type ContractContext, makeRecord, rotation } from './contract-fixtures.js';

const plain = (data: unknown) => ({ encoding: 'plain', data: JSON.stringify(data) });

/** getContext and compareAndSetContext: versioned context sharing the session's life. */
export function contextCases(t: ContractContext): void {
  const created = async (now: number, idleMs?: number) => {
    const record = await makeRecord(now, idleMs ? { idleMs } : {});
    await t.store().sessions.createSession(record);
    return record;
  };

  it('getContext: version 0 and JSON null when never written', async () => {
    const now = Date.now();
    const record = await created(now);
    expect((await t.store().sessions.getContext(record.sid, now))?.context ?? null).toEqual({
      version: 0,
      encoding: 'plain',
      data: 'null',
    });
    expect(UNWRITTEN_CONTEXT).toEqual({ version: 0, encoding: 'plain', data: 'null' });
  });

  it('getContext: the live session record comes with its context, as getSession reads it', async () => {
    const now = Date.now();
    const record = await created(now);
    await t.store().sessions.compareAndSetContext(record.sid, 0, plain({ step: 1 }), now);
    const found = await t.store().sessions.getContext(record.sid, now + 1);
    expect(found?.session).toEqual(await t.store().sessions.getSession(record.sid, now + 1));
    expect(found?.session).toMatchObject({ sid: record.sid, sub: record.sub });
    expect(found?.context).toEqual({ version: 1, ...plain({ step: 1 }) });
  });

  it('getContext: null once the session has expired, even with its context still stored', async () => {
    const now = Date.now();
    const record = await created(now, 10_000);
    await t.store().sessions.compareAndSetContext(record.sid, 0, plain({ step: 1 }), now);
    expect(await t.store().sessions.getContext(record.sid, now + 10_001)).toBeNull();
  });

  it('getContext: null when the session does not exist', async () => {
    expect(await t.store().sessions.getContext('no-such-session', Date.now())).toBeNull();
  });

  it('createSession: stores the initial context', async () => {
    const now = Date.now();
    const record = await makeRecord(now);
    await t
      .store()
      .sessions.createSession(record, { version: 1, encoding: 'k1', data: 'sealed-blob' });
    expect((await t.store().sessions.getContext(record.sid, now))?.context ?? null).toEqual({
      version: 1,
      encoding: 'k1',
      data: 'sealed-blob',
    });
  });

  it('compareAndSetContext: writes when the expected version matches', async () => {
    const now = Date.now();
    const record = await created(now);
    expect(
      await t.store().sessions.compareAndSetContext(record.sid, 0, plain({ step: 1 }), now),
    ).toEqual({
      kind: 'written',
      version: 1,
    });
    expect(
      await t.store().sessions.compareAndSetContext(record.sid, 1, plain({ step: 2 }), now),
    ).toEqual({
      kind: 'written',
      version: 2,
    });
    expect((await t.store().sessions.getContext(record.sid, now))?.context ?? null).toEqual({
      version: 2,
      ...plain({ step: 2 }),
    });
  });

  it('compareAndSetContext: a mismatch is a conflict with the current version, nothing written', async () => {
    const now = Date.now();
    const record = await created(now);
    await t.store().sessions.compareAndSetContext(record.sid, null, plain('first'), now);
    expect(
      await t.store().sessions.compareAndSetContext(record.sid, 0, plain('stale'), now),
    ).toEqual({
      kind: 'conflict',
      version: 1,
    });
    expect(
      await t.store().sessions.compareAndSetContext(record.sid, 7, plain('stale'), now),
    ).toEqual({
      kind: 'conflict',
      version: 1,
    });
    expect((await t.store().sessions.getContext(record.sid, now))?.context ?? null).toEqual({
      version: 1,
      ...plain('first'),
    });
  });

  it('compareAndSetContext: a null expected version writes unconditionally', async () => {
    const now = Date.now();
    const record = await created(now);
    for (let version = 1; version <= 3; version++) {
      expect(
        await t.store().sessions.compareAndSetContext(record.sid, null, plain(version), now),
      ).toEqual({
        kind: 'written',
        version,
      });
    }
  });

  it('compareAndSetContext: no-session for an unknown or revoked session', async () => {
    const now = Date.now();
    const record = await created(now);
    expect(
      await t.store().sessions.compareAndSetContext('no-such-session', null, plain(1), now),
    ).toEqual({
      kind: 'no-session',
    });
    await t.store().sessions.revokeSession(record.sid, now, now + 60_000);
    expect(await t.store().sessions.compareAndSetContext(record.sid, null, plain(1), now)).toEqual({
      kind: 'no-session',
    });
    expect(await t.store().sessions.getContext(record.sid, now)).toBeNull();
  });

  it('compareAndSetContext: the context expires with its session, and lives as long as it', async () => {
    const record = await created(t.time().now(), 400);
    await t.store().sessions.compareAndSetContext(record.sid, null, plain('kept'), t.time().now());
    await t.time().pass(250);
    await t
      .store()
      .sessions.rotateRefresh(
        await rotation(record, record.refresh.hash, t.time().now(), { idleTtlMs: 400 }),
      );
    await t.time().pass(250);
    expect(
      (await t.store().sessions.getContext(record.sid, t.time().now()))?.context ?? null,
    ).toEqual({
      version: 1,
      ...plain('kept'),
    });
    await t.time().pass(300);
    expect(await t.store().sessions.getContext(record.sid, t.time().now())).toBeNull();
    expect(
      await t.store().sessions.compareAndSetContext(record.sid, null, plain(2), t.time().now()),
    ).toEqual({ kind: 'no-session' });
  });

  it('compareAndSetContext: 50 concurrent read-modify-write increments with retries end at 50', async () => {
    const now = Date.now();
    const record = await created(now);
    const increment = async () => {
      for (;;) {
        const current = (await t.store().sessions.getContext(record.sid, now))!.context;
        const next = plain(((JSON.parse(current.data) as number | null) ?? 0) + 1);
        const outcome = await t
          .store()
          .sessions.compareAndSetContext(record.sid, current.version, next, now);
        if (outcome.kind === 'written') return;
        expect(outcome.kind).toBe('conflict');
      }
    };
    await Promise.all(Array.from({ length: 50 }, increment));
    expect((await t.store().sessions.getContext(record.sid, now))?.context ?? null).toEqual({
      version: 50,
      ...plain(50),
    });
  });
}
