import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { sha256Hex } from '../../../src/lib/crypto.js';
import { refreshSession } from '../../../src/sessions/refresh-session.js';
import {
  GRACE_MS,
  IDLE_MS,
  observedStore,
  sessionDeps,
  startSession,
} from './refresh-session-fixtures.js';

const secretOf = (token: string) => token.split('.')[2]!;

describe('refreshSession', () => {
  it('rotates: a new access token and a new refresh token of the same session', async () => {
    const deps = await sessionDeps();
    const { record, refreshToken } = await startSession(deps);
    deps.clock.advance(60_000);
    const outcome = await refreshSession(deps, refreshToken);
    if (outcome.kind !== 'refreshed') throw new Error(`expected refreshed, got ${outcome.kind}`);
    expect(outcome.replayed).toBe(false);
    const { pair } = outcome;
    expect(pair.refresh_token).toMatch(new RegExp(`^v1\\.${record.sid}\\.[A-Za-z0-9_-]{43}$`));
    expect(pair.refresh_token).not.toBe(refreshToken);
    expect(pair.scope).toBe('read write');
    expect(pair.expires_at).toBe(Math.floor(deps.clock.now() / 1000) + 300);
    const claims = await deps.verifier.verify(pair.access_token);
    expect(claims).toMatchObject({
      sub: 'user-1',
      sid: record.sid,
      scope: 'read write',
      tenant: 'acme',
    });

    const stored = (await deps.store.sessions.getSession(record.sid, deps.clock.now()))!;
    expect(outcome.record).toEqual(stored);
    expect(stored.refresh.hash).toBe(await sha256Hex(secretOf(pair.refresh_token)));
    expect(stored.refresh.previous).toEqual([record.refresh.hash]);
    expect(stored.idleExpiresAt).toBe(deps.clock.now() + IDLE_MS);
  });

  it('answers a replay within the grace window with the very same pair', async () => {
    const deps = await sessionDeps();
    const { refreshToken } = await startSession(deps);
    const first = await refreshSession(deps, refreshToken);
    deps.clock.advance(GRACE_MS);
    const again = await refreshSession(deps, refreshToken);
    expect(again).toMatchObject({ kind: 'refreshed', replayed: true });
    expect(first.kind === 'refreshed' && again.kind === 'refreshed' && again.pair).toEqual(
      first.kind === 'refreshed' && first.pair,
    );
  });

  it('reports reuse after the grace window with sid and sub; the session is gone', async () => {
    const deps = await sessionDeps();
    const { record, refreshToken } = await startSession(deps);
    const first = await refreshSession(deps, refreshToken);
    deps.clock.advance(GRACE_MS + 1);
    expect(await refreshSession(deps, refreshToken)).toEqual({
      kind: 'rejected',
      reason: 'reuse-detected',
      sid: record.sid,
      sub: 'user-1',
    });
    expect(await deps.store.sessions.getSession(record.sid, deps.clock.now())).toBeNull();
    const successor = first.kind === 'refreshed' ? first.pair.refresh_token : '';
    expect(await refreshSession(deps, successor)).toEqual({ kind: 'rejected', reason: 'unknown' });
  });

  it('rejects a malformed token without asking the store', async () => {
    const { store, calls } = observedStore();
    const deps = await sessionDeps(store);
    expect(await refreshSession(deps, 'v1.nope')).toEqual({
      kind: 'rejected',
      reason: 'malformed',
    });
    expect(calls).toEqual([]);
  });

  it('rejects a well-formed token of an unknown session', async () => {
    const deps = await sessionDeps();
    const token = `v1.${'A'.repeat(22)}.${'B'.repeat(43)}`;
    expect(await refreshSession(deps, token)).toEqual({ kind: 'rejected', reason: 'unknown' });
  });

  it('rejects a secret the session never issued, and leaves the session alone', async () => {
    const deps = await sessionDeps();
    const { record, refreshToken } = await startSession(deps);
    const forged = `v1.${record.sid}.${'B'.repeat(43)}`;
    expect(await refreshSession(deps, forged)).toEqual({ kind: 'rejected', reason: 'unknown' });
    expect((await refreshSession(deps, refreshToken)).kind).toBe('refreshed');
  });

  it('rejects the token of a session past its idle expiry', async () => {
    const deps = await sessionDeps();
    const { refreshToken } = await startSession(deps);
    deps.clock.advance(IDLE_MS);
    expect(await refreshSession(deps, refreshToken)).toEqual({
      kind: 'rejected',
      reason: 'unknown',
    });
  });

  it.each(['getSession', 'rotateRefresh'] as const)(
    'throws a 503 store-unavailable when %s fails, and the token still works afterwards',
    async (method) => {
      const { store, failing } = observedStore();
      const deps = await sessionDeps(store);
      const { refreshToken } = await startSession(deps);
      failing.add(method);
      const error = await refreshSession(deps, refreshToken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ code: 'store-unavailable', status: 503 });
      failing.clear();
      expect((await refreshSession(deps, refreshToken)).kind).toBe('refreshed');
    },
  );
});
