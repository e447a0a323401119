import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { createSession, type CreateSessionDeps } from '../../../src/sessions/create-session.js';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import { SESSION_RECORD_VERSION } from '../../../src/store/session-record.js';
import type { SessionStore } from '../../../src/store/session-store.js';
import { fakeClock } from '../../helpers/fake-clock.js';

const MINUTE = 60_000;

function deps(
  overrides: Partial<{ idleTtl: number; absoluteTtl: number; store: SessionStore }> = {},
): CreateSessionDeps {
  return {
    store: overrides.store ?? createMemoryStore(),
    clock: fakeClock(Date.UTC(2026, 0, 1)),
    config: {
      sessions: {
        idleTtl: overrides.idleTtl ?? 30 * MINUTE,
        absoluteTtl: overrides.absoluteTtl ?? 7 * 24 * 60 * MINUTE,
      },
      identity: { defaultScope: ['default'] },
    },
  };
}

const identity = { sub: 'user-1', scope: ['read:api'], claims: { tenant: 'acme' } };

describe('createSession', () => {
  it('builds a versioned record from the identity and the clock, and stores it', async () => {
    const d = deps();
    const now = d.clock.now();
    const session = await createSession(d, identity);
    expect(session).toEqual({
      v: SESSION_RECORD_VERSION,
      sid: session.sid,
      sub: 'user-1',
      scope: ['read:api'],
      claims: { tenant: 'acme' },
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: now + 30 * MINUTE,
      absoluteExpiresAt: now + 7 * 24 * 60 * MINUTE,
    });
    expect(await d.store.getSession(session.sid, now)).toEqual(session);
  });

  it('makes 128-bit base64url sids, different every time', async () => {
    const d = deps();
    const sids = new Set<string>();
    for (let i = 0; i < 50; i++) sids.add((await createSession(d, identity)).sid);
    expect(sids.size).toBe(50);
    for (const sid of sids) expect(sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('caps the idle expiry at the absolute expiry', async () => {
    const d = deps({ idleTtl: 60 * MINUTE, absoluteTtl: 10 * MINUTE });
    const session = await createSession(d, identity);
    expect(session.idleExpiresAt).toBe(d.clock.now() + 10 * MINUTE);
    expect(session.absoluteExpiresAt).toBe(d.clock.now() + 10 * MINUTE);
  });

  it('gives an identity without scope the default scope', async () => {
    const session = await createSession(deps(), { ...identity, scope: [] });
    expect(session.scope).toEqual(['default']);
  });

  it('does not share arrays or objects with the identity', async () => {
    const mutable = { sub: 'u', scope: ['a'], claims: { k: 1 } as Record<string, unknown> };
    const session = await createSession(deps(), mutable);
    mutable.scope.push('b');
    mutable.claims.k = 2;
    expect(session).toMatchObject({ scope: ['a'], claims: { k: 1 } });
  });

  it('turns a store failure into a 503 store-unavailable', async () => {
    const broken: SessionStore = {
      ...createMemoryStore(),
      createSession: () => Promise.reject(new Error('ECONNRESET')),
    };
    const error = await createSession(deps({ store: broken }), identity).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('store-unavailable');
    expect((error as GatewayError).status).toBe(503);
  });
});
