import { describe, expect, it } from 'vitest';
import { endSession } from '../../../src/sessions/end-session.js';
import { refreshSession } from '../../../src/sessions/refresh-session.js';
import { observedStore, sessionDeps, startSession } from './refresh-session-fixtures.js';

describe('endSession', () => {
  it('revokes the session of a current refresh token and returns its record', async () => {
    const deps = await sessionDeps();
    const { record, refreshToken } = await startSession(deps);
    const revoked = await endSession(deps, { kind: 'refresh-token', token: refreshToken });
    expect(revoked).toEqual(record);
    expect(await deps.store.sessions.getSession(record.sid, deps.clock.now())).toBeNull();
  });

  it('revokes with a rotated-out refresh token of the session too', async () => {
    const deps = await sessionDeps();
    const { record, refreshToken } = await startSession(deps);
    await refreshSession(deps, refreshToken);
    expect(await endSession(deps, { kind: 'refresh-token', token: refreshToken })).not.toBeNull();
    expect(await deps.store.sessions.getSession(record.sid, deps.clock.now())).toBeNull();
  });

  it('does not revoke for a refresh token with the right sid but a forged secret', async () => {
    const deps = await sessionDeps();
    const { record } = await startSession(deps);
    const forged = `v1.${record.sid}.${'B'.repeat(43)}`;
    expect(await endSession(deps, { kind: 'refresh-token', token: forged })).toBeNull();
    expect(await deps.store.sessions.getSession(record.sid, deps.clock.now())).not.toBeNull();
  });

  it('answers null for a malformed refresh token without asking the store', async () => {
    const { store, calls } = observedStore();
    const deps = await sessionDeps(store);
    expect(await endSession(deps, { kind: 'refresh-token', token: 'garbage' })).toBeNull();
    expect(calls).toEqual([]);
  });

  it('revokes by the sid of a verified access token', async () => {
    const deps = await sessionDeps();
    const { record } = await startSession(deps);
    expect(await endSession(deps, { kind: 'access-token', sid: record.sid })).toEqual(record);
    expect(await deps.store.sessions.getSession(record.sid, deps.clock.now())).toBeNull();
  });

  it('answers null for a session that is already gone', async () => {
    const deps = await sessionDeps();
    const { record, refreshToken } = await startSession(deps);
    await endSession(deps, { kind: 'access-token', sid: record.sid });
    expect(await endSession(deps, { kind: 'access-token', sid: record.sid })).toBeNull();
    expect(await endSession(deps, { kind: 'refresh-token', token: refreshToken })).toBeNull();
  });

  it.each(['getSession', 'revokeSession'] as const)(
    'throws a 503 when %s fails and the session survives',
    async (method) => {
      const { store, failing } = observedStore();
      const deps = await sessionDeps(store);
      const { record, refreshToken } = await startSession(deps);
      failing.add(method);
      await expect(
        endSession(deps, { kind: 'refresh-token', token: refreshToken }),
      ).rejects.toMatchObject({ code: 'store-unavailable', status: 503 });
      failing.clear();
      expect(await deps.store.sessions.getSession(record.sid, deps.clock.now())).not.toBeNull();
    },
  );
});
