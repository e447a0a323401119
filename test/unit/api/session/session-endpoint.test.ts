import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../src/store/memory/memory-store.js';
import { testGateway, type TestGateway } from '../../../helpers/test-gateway.js';
import { problemOf, signToken, startSession, switchableStore } from './session-fixtures.js';

let gw: TestGateway;
let control: { down: boolean; calls: string[] };

beforeEach(async () => {
  const switchable = switchableStore(createMemoryStore());
  control = switchable.control;
  gw = await testGateway('', { store: switchable.store });
});

describe('GET /auth/session', () => {
  it('answers the live session, times in ISO 8601, never cached, no refresh state', async () => {
    const s = await startSession(gw, { sub: 'bob', scope: ['read', 'write'] });
    gw.clock.advance(1000);
    const response = await gw.app.request('/auth/session', { headers: s.auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(await response.json()).toStrictEqual({
      sid: s.sid,
      sub: 'bob',
      scope: 'read write',
      createdAt: iso(s.record.createdAt),
      lastSeenAt: iso(s.record.lastSeenAt),
      idleExpiresAt: iso(s.record.idleExpiresAt),
      absoluteExpiresAt: iso(s.record.absoluteExpiresAt),
    });
  });

  it('answers 401 without a token, with a bare Bearer challenge', async () => {
    const response = await gw.app.request('/auth/session');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
  });

  it('answers 401 for a revoked session', async () => {
    const s = await startSession(gw);
    await gw.deps.store.sessions.revokeSession(s.sid, gw.clock.now(), gw.clock.now() + 60_000);
    const response = await gw.app.request('/auth/session', { headers: s.auth });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toBe('session revoked');
  });

  it('answers 401 for a valid token of a session that never existed', async () => {
    const token = await signToken(gw, { sub: 'alice', sid: 'no-such-sid', scope: [] });
    const response = await gw.app.request('/auth/session', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(401);
  });

  it('answers 503 + Retry-After when the store is down', async () => {
    const s = await startSession(gw);
    control.down = true;
    const response = await gw.app.request('/auth/session', { headers: s.auth });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('answers 405 with Allow for other methods', async () => {
    const s = await startSession(gw);
    const response = await gw.app.request('/auth/session', { method: 'POST', headers: s.auth });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});
