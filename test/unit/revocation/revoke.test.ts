import { describe, expect, it } from 'vitest';
import { endSession } from '../../../src/sessions/end-session.js';
import { refreshSession } from '../../../src/sessions/refresh-session.js';
import {
  GRACE_MS,
  MINUTE,
  sessionDeps,
  startSession,
} from '../sessions/refresh-session-fixtures.js';

// The fixture's tokens: accessTtl 5 min, clockTolerance 5 s.
const REMEMBER_MS = 5 * MINUTE + 5_000;

describe('the revocations sessions publish', () => {
  it('logout publishes the session revocation until now + accessTtl + clockTolerance', async () => {
    const deps = await sessionDeps();
    const { record } = await startSession(deps);
    const now = deps.clock.now();
    await endSession(deps, { kind: 'access-token', sid: record.sid });
    expect(await deps.store.revocationLog.listRevocations(now)).toEqual([
      { kind: 'session', sid: record.sid, forgetAt: now + REMEMBER_MS },
    ]);
  });

  it('refresh-token reuse publishes the session revocation until now + accessTtl + clockTolerance', async () => {
    const deps = await sessionDeps();
    const { record, refreshToken } = await startSession(deps);
    await refreshSession(deps, refreshToken);
    deps.clock.advance(GRACE_MS + 1);
    const now = deps.clock.now();
    expect((await refreshSession(deps, refreshToken)).kind).toBe('rejected');
    expect(await deps.store.revocationLog.listRevocations(now)).toEqual([
      { kind: 'session', sid: record.sid, forgetAt: now + REMEMBER_MS },
    ]);
  });

  it('refresh refuses a session whose revocation was published but not yet deleted, and deletes it', async () => {
    const deps = await sessionDeps();
    const { record, refreshToken } = await startSession(deps);
    // What a crash between revokeSession's publish and its delete leaves behind.
    const now = deps.clock.now();
    await deps.store.revocationLog.publishRevocation(
      { kind: 'session', sid: record.sid, forgetAt: now + REMEMBER_MS },
      now,
    );
    expect(await refreshSession(deps, refreshToken)).toEqual({
      kind: 'rejected',
      reason: 'unknown',
    });
    expect(await deps.store.sessions.getSession(record.sid, deps.clock.now())).toBeNull();
  });

  it("refresh refuses a session created before its user's not-before", async () => {
    const deps = await sessionDeps();
    const { record, refreshToken } = await startSession(deps);
    deps.clock.advance(1000);
    const now = deps.clock.now();
    await deps.store.revocationLog.publishRevocation(
      { kind: 'user', sub: record.sub, notBefore: now, forgetAt: now + REMEMBER_MS },
      now,
    );
    expect(await refreshSession(deps, refreshToken)).toEqual({
      kind: 'rejected',
      reason: 'unknown',
    });
    const later = await startSession(deps);
    expect((await refreshSession(deps, later.refreshToken)).kind).toBe('refreshed');
  });
});
