import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { randomToken, sha256Hex } from '../../../src/lib/crypto.js';
import { createSession, type CreateSessionDeps } from '../../../src/sessions/create-session.js';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import { SESSION_RECORD_VERSION } from '../../../src/store/session-record.js';
import type { Store } from '../../../src/store/store.js';
import { fakeClock } from '../../helpers/fake-clock.js';
import { webSecretCrypto } from '../../../src/lib/secret-crypto.js';

const MINUTE = 60_000;

const CONTEXT_KEY = { id: 'k1', key: randomToken(32) };

function deps(
  overrides: Partial<{
    idleTtl: number;
    absoluteTtl: number;
    store: Store;
    encrypt: boolean;
  }> = {},
): CreateSessionDeps & { store: Store } {
  const store = overrides.store ?? createMemoryStore();
  return {
    store,
    sessions: store.sessions,
    clock: fakeClock(Date.UTC(2026, 0, 1)),
    secrets: webSecretCrypto,
    config: {
      sessions: {
        idleTtl: overrides.idleTtl ?? 30 * MINUTE,
        absoluteTtl: overrides.absoluteTtl ?? 7 * 24 * 60 * MINUTE,
        contextMaxBytes: 1024,
        contextEncryption: { keys: overrides.encrypt ? [CONTEXT_KEY] : [] },
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
    const { record: session } = await createSession(d, identity);
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
      refresh: { hash: session.refresh.hash, previous: [], rotatedAt: 0, successor: null },
    });
    expect(await d.store.sessions.getSession(session.sid, now)).toEqual(session);
  });

  it('returns a v1.<sid>.<secret> refresh token whose secret only the SHA-256 of is stored', async () => {
    const d = deps();
    const { record, refreshToken } = await createSession(d, identity);
    const match = /^v1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(refreshToken);
    expect(match).not.toBeNull();
    const [, sid, secret] = match!;
    expect(sid).toBe(record.sid);
    expect(record.refresh.hash).toBe(await sha256Hex(secret!));
    const stored = await d.store.sessions.getSession(record.sid, d.clock.now());
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('makes a different 256-bit refresh secret for every session', async () => {
    const d = deps();
    const secrets = new Set<string>();
    for (let i = 0; i < 50; i++)
      secrets.add((await createSession(d, identity)).refreshToken.split('.')[2]!);
    expect(secrets.size).toBe(50);
  });

  it('stores the identity context as the initial context, JSON text at version 1', async () => {
    const d = deps();
    const context = { cart: ['sku-1'], step: 2, note: 'ü' };
    const { record } = await createSession(d, { ...identity, context });
    expect((await d.store.sessions.getContext(record.sid, d.clock.now()))?.context ?? null).toEqual(
      {
        version: 1,
        encoding: 'plain',
        data: JSON.stringify(context),
      },
    );
  });

  it('seals the initial context with the first context encryption key when keys are set', async () => {
    const d = deps({ encrypt: true });
    const { record } = await createSession(d, { ...identity, context: { secret: 'plan-b' } });
    const stored = (await d.store.sessions.getContext(record.sid, d.clock.now()))?.context ?? null;
    expect(stored).toMatchObject({ version: 1, encoding: 'k1' });
    expect(stored!.data).not.toContain('plan-b');
  });

  it('stores nothing when the initial context is not storable', async () => {
    const store = createMemoryStore();
    const d = deps({ store });
    const context = { blob: 'x'.repeat(2000) };
    await expect(createSession(d, { ...identity, context })).rejects.toThrow();
    expect(await store.sessions.listUserSessions(identity.sub, d.clock.now())).toEqual([]);
  });

  it.each([
    ['has none', identity],
    ['has a null one', { ...identity, context: null }],
  ])('stores no context when the identity %s', async (_name, given) => {
    const d = deps();
    const { record } = await createSession(d, given);
    expect((await d.store.sessions.getContext(record.sid, d.clock.now()))?.context ?? null).toEqual(
      {
        version: 0,
        encoding: 'plain',
        data: 'null',
      },
    );
  });

  it('makes 128-bit base64url sids, different every time', async () => {
    const d = deps();
    const sids = new Set<string>();
    for (let i = 0; i < 50; i++) sids.add((await createSession(d, identity)).record.sid);
    expect(sids.size).toBe(50);
    for (const sid of sids) expect(sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('caps the idle expiry at the absolute expiry', async () => {
    const d = deps({ idleTtl: 60 * MINUTE, absoluteTtl: 10 * MINUTE });
    const { record: session } = await createSession(d, identity);
    expect(session.idleExpiresAt).toBe(d.clock.now() + 10 * MINUTE);
    expect(session.absoluteExpiresAt).toBe(d.clock.now() + 10 * MINUTE);
  });

  it('gives an identity without scope the default scope', async () => {
    const { record: session } = await createSession(deps(), { ...identity, scope: [] });
    expect(session.scope).toEqual(['default']);
  });

  it('does not share arrays or objects with the identity', async () => {
    const mutable = { sub: 'u', scope: ['a'], claims: { k: 1 } as Record<string, unknown> };
    const { record: session } = await createSession(deps(), mutable);
    mutable.scope.push('b');
    mutable.claims.k = 2;
    expect(session).toMatchObject({ scope: ['a'], claims: { k: 1 } });
  });

  it('turns a store failure into a 503 store-unavailable', async () => {
    const memory = createMemoryStore();
    const broken: Store = {
      ...memory,
      sessions: {
        ...memory.sessions,
        createSession: () => Promise.reject(new Error('ECONNRESET')),
      },
    };
    const error = await createSession(deps({ store: broken }), identity).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('store-unavailable');
    expect((error as GatewayError).status).toBe(503);
  });
});
