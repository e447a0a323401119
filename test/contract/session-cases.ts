import { expect, it } from 'vitest';
import { type ContractContext, makeRecord } from './contract-fixtures.js';

// Expiry cases use short real durations so the Redis backend proves its TTLs, not just `now`.
const IDLE = 400;
const PAST_IDLE = 550;

/** createSession, getSession, revokeSession and listUserSessions. */
export function sessionCases(t: ContractContext): void {
  it('createSession/getSession: returns the stored record', async () => {
    const now = Date.now();
    const record = await makeRecord(now, {
      claims: { tenant: 'acme', ids: [], big: 1234567890123456 },
    });
    await t.store().sessions.createSession(record);
    expect(await t.store().sessions.getSession(record.sid, now + 1)).toEqual(record);
  });

  it('getSession: null for an unknown sid', async () => {
    expect(await t.store().sessions.getSession('no-such-session', Date.now())).toBeNull();
  });

  it('getSession: returns a copy that cannot change the stored record', async () => {
    const now = Date.now();
    const record = await makeRecord(now);
    await t.store().sessions.createSession(record);
    const copy = (await t.store().sessions.getSession(record.sid, now))!;
    copy.scope.push('admin');
    copy.refresh.previous.push('tampered');
    record.scope.push('admin');
    expect((await t.store().sessions.getSession(record.sid, now))!.scope).toEqual([
      'read',
      'write',
    ]);
    expect((await t.store().sessions.getSession(record.sid, now))!.refresh.previous).toEqual([]);
  });

  it('createSession: rejects a sid that is already in use', async () => {
    const now = Date.now();
    const record = await makeRecord(now);
    await t.store().sessions.createSession(record);
    await expect(
      t.store().sessions.createSession({ ...record, sub: 'someone-else' }),
    ).rejects.toThrow();
    expect((await t.store().sessions.getSession(record.sid, now))!.sub).toBe(record.sub);
  });

  it('getSession: null once the idle expiry has passed', async () => {
    const record = await makeRecord(t.time().now(), { idleMs: IDLE });
    await t.store().sessions.createSession(record);
    expect(await t.store().sessions.getSession(record.sid, t.time().now())).not.toBeNull();
    await t.time().pass(PAST_IDLE);
    expect(await t.store().sessions.getSession(record.sid, t.time().now())).toBeNull();
  });

  it('getSession: null once the absolute expiry has passed, whatever the idle expiry says', async () => {
    const record = await makeRecord(t.time().now(), { absoluteMs: IDLE });
    await t
      .store()
      .sessions.createSession({ ...record, idleExpiresAt: record.absoluteExpiresAt + 60_000 });
    await t.time().pass(PAST_IDLE);
    expect(await t.store().sessions.getSession(record.sid, t.time().now())).toBeNull();
  });

  it('revokeSession: returns the record and ends the session', async () => {
    const now = Date.now();
    const record = await makeRecord(now);
    await t.store().sessions.createSession(record);
    expect(await t.store().sessions.revokeSession(record.sid, now, now + 60_000)).toEqual(record);
    expect(await t.store().sessions.getSession(record.sid, now)).toBeNull();
    expect(await t.store().sessions.getContext(record.sid, now)).toBeNull();
    expect(await t.store().sessions.listUserSessions(record.sub, now)).toEqual([]);
    expect(await t.store().sessions.revokeSession(record.sid, now, now + 60_000)).toBeNull();
  });

  it('revokeSession: null for an unknown sid', async () => {
    expect(
      await t.store().sessions.revokeSession('no-such-session', Date.now(), Date.now() + 60_000),
    ).toBeNull();
  });

  it("listUserSessions: the user's live sessions, oldest first", async () => {
    const now = Date.now();
    const sub = 'alice{x}:%';
    const first = await makeRecord(now - 2000, { sub });
    const second = await makeRecord(now - 1000, { sub });
    const revoked = await makeRecord(now - 500, { sub });
    for (const record of [second, first, revoked, await makeRecord(now)]) {
      await t.store().sessions.createSession(record);
    }
    await t.store().sessions.revokeSession(revoked.sid, now, now + 60_000);
    expect(await t.store().sessions.listUserSessions(sub, now)).toEqual([first, second]);
  });

  it('listUserSessions: leaves out (and prunes) sessions that expired', async () => {
    const sub = `bob-${Date.now()}`;
    const lasting = await makeRecord(t.time().now(), { sub });
    const brief = await makeRecord(t.time().now() + 1, { sub, idleMs: IDLE });
    await t.store().sessions.createSession(lasting);
    await t.store().sessions.createSession(brief);
    expect(await t.store().sessions.listUserSessions(sub, t.time().now() + 1)).toHaveLength(2);
    await t.time().pass(PAST_IDLE);
    expect(await t.store().sessions.listUserSessions(sub, t.time().now())).toEqual([lasting]);
  });

  it('listUserSessions: empty for an unknown user', async () => {
    expect(await t.store().sessions.listUserSessions('nobody', Date.now())).toEqual([]);
  });
}
