import { expect, it } from 'vitest';
import { randomToken } from '../../src/lib/crypto.js';
import type { Revocation } from '../../src/store/revocation-log.js';
import { type ContractContext, MINUTE, makeRecord, rotation } from './contract-fixtures.js';
import { sorted } from './revocation-fixtures.js';

const id = (label: string) => `${label}-${randomToken(8)}`;

/** publishRevocation, listRevocations, isRevoked, and the revocations other methods publish. */
export function revocationCases(t: ContractContext): void {
  const query = (over: Partial<{ sid: string; jti: string; sub: string; issuedAt: number }>) => ({
    sid: 'no-sid',
    jti: 'no-jti',
    sub: 'no-sub',
    issuedAt: 0,
    ...over,
  });

  it('listRevocations: empty on a fresh store', async () => {
    expect(await t.store().revocationLog.listRevocations(Date.now())).toEqual([]);
  });

  it('publishRevocation/listRevocations: lists each kind as published', async () => {
    const now = Date.now();
    const published: Revocation[] = [
      { kind: 'session', sid: id('sid:{x}'), forgetAt: now + MINUTE },
      { kind: 'token', jti: id('jti'), forgetAt: now + 2 * MINUTE },
      { kind: 'user', sub: id('alice'), notBefore: now - 1000, forgetAt: now + 3 * MINUTE },
    ];
    for (const revocation of published)
      await t.store().revocationLog.publishRevocation(revocation, now);
    expect(sorted(await t.store().revocationLog.listRevocations(now))).toEqual(sorted(published));
  });

  it('listRevocations: leaves out entries whose forgetAt has come', async () => {
    const now = Date.now();
    await t
      .store()
      .revocationLog.publishRevocation({ kind: 'token', jti: 'brief', forgetAt: now + 1000 }, now);
    await t
      .store()
      .revocationLog.publishRevocation({ kind: 'token', jti: 'long', forgetAt: now + MINUTE }, now);
    const listed = await t.store().revocationLog.listRevocations(now + 1000);
    expect(listed.map((r) => r.kind === 'token' && r.jti)).toEqual(['long']);
  });

  it('publishRevocation: a repeat keeps the later forgetAt and the later not-before', async () => {
    const now = Date.now();
    const sub = id('bob');
    await t
      .store()
      .revocationLog.publishRevocation(
        { kind: 'user', sub, notBefore: now, forgetAt: now + 2 * MINUTE },
        now,
      );
    await t
      .store()
      .revocationLog.publishRevocation(
        { kind: 'user', sub, notBefore: now - 5000, forgetAt: now + MINUTE },
        now,
      );
    await t
      .store()
      .revocationLog.publishRevocation({ kind: 'session', sid: 's1', forgetAt: now + MINUTE }, now);
    await t
      .store()
      .revocationLog.publishRevocation(
        { kind: 'session', sid: 's1', forgetAt: now + 2 * MINUTE },
        now,
      );
    expect(sorted(await t.store().revocationLog.listRevocations(now))).toEqual([
      { kind: 'session', sid: 's1', forgetAt: now + 2 * MINUTE },
      { kind: 'user', sub, notBefore: now, forgetAt: now + 2 * MINUTE },
    ]);
  });

  it('publishRevocation: one already past its forgetAt is not recorded', async () => {
    const now = Date.now();
    await t
      .store()
      .revocationLog.publishRevocation({ kind: 'session', sid: 'old', forgetAt: now }, now);
    expect(await t.store().revocationLog.listRevocations(now - MINUTE)).toEqual([]);
  });

  it('publishRevocation: prunes entries past their forgetAt on a later write', async () => {
    const now = Date.now();
    await t
      .store()
      .revocationLog.publishRevocation({ kind: 'token', jti: 'gone', forgetAt: now + 100 }, now);
    await t
      .store()
      .revocationLog.publishRevocation(
        { kind: 'token', jti: 'kept', forgetAt: now + MINUTE },
        now + 200,
      );
    // Listed as of before the prune: a pruned entry is gone for good, not just filtered out.
    const listed = await t.store().revocationLog.listRevocations(now);
    expect(listed.map((r) => r.kind === 'token' && r.jti)).toEqual(['kept']);
  });

  it.each([
    ['an empty sid', (forgetAt: number) => ({ kind: 'session', sid: '', forgetAt })],
    [
      'a fractional forgetAt',
      (forgetAt: number) => ({ kind: 'token', jti: 'j', forgetAt: forgetAt + 0.5 }),
    ],
    ['a user without not-before', (forgetAt: number) => ({ kind: 'user', sub: 'u', forgetAt })],
    ['an unknown kind', (forgetAt: number) => ({ kind: 'device', id: 'd', forgetAt })],
  ])('publishRevocation: rejects %s (TypeError), recording nothing', async (_, bad) => {
    const now = Date.now();
    const revocation = bad(now + MINUTE) as unknown as Revocation;
    await expect(t.store().revocationLog.publishRevocation(revocation, now)).rejects.toThrow(
      TypeError,
    );
    expect(await t.store().revocationLog.listRevocations(now)).toEqual([]);
  });

  it('isRevoked: true for a revoked sid or jti until its forgetAt, false after', async () => {
    const now = Date.now();
    await t
      .store()
      .revocationLog.publishRevocation(
        { kind: 'session', sid: 'sid-r', forgetAt: now + MINUTE },
        now,
      );
    await t
      .store()
      .revocationLog.publishRevocation(
        { kind: 'token', jti: 'jti-r', forgetAt: now + MINUTE },
        now,
      );
    expect(await t.store().revocationLog.isRevoked(query({ sid: 'sid-r' }), now)).toBe(true);
    expect(await t.store().revocationLog.isRevoked(query({ jti: 'jti-r' }), now)).toBe(true);
    expect(await t.store().revocationLog.isRevoked(query({ sid: 'sid-r' }), now + MINUTE)).toBe(
      false,
    );
    expect(await t.store().revocationLog.isRevoked(query({ jti: 'jti-r' }), now + MINUTE)).toBe(
      false,
    );
    expect(
      await t.store().revocationLog.isRevoked(query({ sid: 'jti-r', jti: 'sid-r' }), now),
    ).toBe(false);
  });

  it("isRevoked: a user's not-before rejects tokens issued before it, not at or after it", async () => {
    const now = Date.now();
    const sub = id('carol');
    await t
      .store()
      .revocationLog.publishRevocation(
        { kind: 'user', sub, notBefore: now, forgetAt: now + MINUTE },
        now,
      );
    expect(await t.store().revocationLog.isRevoked(query({ sub, issuedAt: now - 1 }), now)).toBe(
      true,
    );
    expect(await t.store().revocationLog.isRevoked(query({ sub, issuedAt: now }), now)).toBe(false);
    expect(await t.store().revocationLog.isRevoked(query({ sub, issuedAt: now + 1000 }), now)).toBe(
      false,
    );
    expect(
      await t.store().revocationLog.isRevoked(query({ sub, issuedAt: now - 1 }), now + MINUTE),
    ).toBe(false);
    expect(
      await t.store().revocationLog.isRevoked(query({ sub: 'dave', issuedAt: now - 1 }), now),
    ).toBe(false);
  });

  it('isRevoked: an empty jti or sub matches nothing', async () => {
    const now = Date.now();
    await t
      .store()
      .revocationLog.publishRevocation({ kind: 'token', jti: 'j', forgetAt: now + MINUTE }, now);
    expect(
      await t.store().revocationLog.isRevoked(query({ jti: '', sub: '', issuedAt: -1 }), now),
    ).toBe(false);
  });

  it('revokeSession: publishes the session revocation until forgetAt, even for an unknown sid', async () => {
    const now = Date.now();
    const record = await makeRecord(now);
    await t.store().sessions.createSession(record);
    await t.store().sessions.revokeSession(record.sid, now, now + MINUTE);
    await t.store().sessions.revokeSession('never-created', now, now + 2 * MINUTE);
    expect(sorted(await t.store().revocationLog.listRevocations(now))).toEqual(
      sorted([
        { kind: 'session', sid: 'never-created', forgetAt: now + 2 * MINUTE },
        { kind: 'session', sid: record.sid, forgetAt: now + MINUTE },
      ]),
    );
    expect(await t.store().revocationLog.isRevoked(query({ sid: record.sid }), now)).toBe(true);
  });

  it('rotateRefresh: reuse-detected publishes the session revocation until revocationForgetAt', async () => {
    const now = Date.now();
    const record = await makeRecord(now);
    await t.store().sessions.createSession(record);
    await t.store().sessions.rotateRefresh(await rotation(record, record.refresh.hash, now));
    const late = await rotation(record, record.refresh.hash, now + 20_000, {
      revocationForgetAt: now + 3 * MINUTE,
    });
    expect((await t.store().sessions.rotateRefresh(late)).kind).toBe('reuse-detected');
    expect(await t.store().revocationLog.listRevocations(now)).toEqual([
      { kind: 'session', sid: record.sid, forgetAt: now + 3 * MINUTE },
    ]);
  });

  it('rotateRefresh: a rotation or a replay publishes nothing', async () => {
    const now = Date.now();
    const record = await makeRecord(now);
    await t.store().sessions.createSession(record);
    await t.store().sessions.rotateRefresh(await rotation(record, record.refresh.hash, now));
    await t.store().sessions.rotateRefresh(await rotation(record, record.refresh.hash, now + 1));
    expect(await t.store().revocationLog.listRevocations(now)).toEqual([]);
  });
}
