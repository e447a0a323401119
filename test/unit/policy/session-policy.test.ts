import { beforeEach, describe, expect, it } from 'vitest';
import { problemOf, signToken, startSession } from '../api/session/session-fixtures.js';
import { authHeaders, proxyHarness, type ProxyHarness } from './proxy-harness.js';

const routes = (mode: string) => `
revocation: { mode: ${mode} }
routes:
  - { name: tok, match: { path: /tok/* }, upstream: "http://up.test", policy: token }
  - { name: ses, match: { path: /ses/* }, upstream: "http://up.test", policy: session }
  - { name: scoped, match: { path: /scoped/* }, upstream: "http://up.test", policy: session, scopes: [admin] }
  - { name: lenient, match: { path: /open/* }, upstream: "http://up.test", policy: session, onStoreDown: open }
`;

let h: ProxyHarness;

describe.each(['lookup', 'mirror'])('the session policy (revocation.mode: %s)', (mode) => {
  beforeEach(async () => {
    h = await proxyHarness(routes(mode));
  });

  it('forwards a live session’s request with its identity, in one store round trip (lookup) or none (mirror)', async () => {
    const s = await startSession(h.gw, { scope: ['read', 'write'] });
    h.control.calls.length = 0;
    const response = await h.gw.app.request('/ses/x', { headers: s.auth });
    expect(response.status).toBe(200);
    expect(h.control.calls.sort()).toEqual(mode === 'lookup' ? ['getSession', 'isRevoked'] : []);
    expect(authHeaders(h.seen[0]!)).toEqual({
      'x-auth-subject': 'alice',
      'x-auth-session': s.sid,
      'x-auth-scope': 'read write',
    });
  });

  it('answers 401 invalid_token once the session is revoked', async () => {
    const s = await startSession(h.gw);
    expect((await h.gw.app.request('/ses/x', { headers: s.auth })).status).toBe(200);
    await h.gw.deps.store.sessions.revokeSession(
      s.sid,
      h.gw.clock.now(),
      h.gw.clock.now() + 60_000,
    );
    const response = await h.gw.app.request('/ses/x', { headers: s.auth });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="gatehouse", error="invalid_token", error_description="session revoked"',
    );
    expect(h.seen).toHaveLength(1);
  });

  it('checks scopes before it reads the store', async () => {
    const s = await startSession(h.gw);
    h.control.calls.length = 0;
    const response = await h.gw.app.request('/scoped/x', { headers: s.auth });
    expect(response.status).toBe(403);
    expect(h.control.calls).toEqual([]);
  });

  it('keeps token routes serving while the store is down', async () => {
    const s = await startSession(h.gw);
    h.control.down = true;
    h.control.calls.length = 0;
    expect((await h.gw.app.request('/tok/x', { headers: s.auth })).status).toBe(200);
    expect(h.control.calls).toEqual([]);
  });
});

describe('the session policy in lookup mode: the store decides', () => {
  beforeEach(async () => {
    h = await proxyHarness(routes('lookup'));
  });

  it('answers 401 once the session has expired, to a token that is still valid', async () => {
    const s = await startSession(h.gw);
    const fresh = async () => ({
      authorization: `Bearer ${await signToken(h.gw, { sub: 'alice', sid: s.sid, scope: [] })}`,
    });
    h.gw.clock.advance(30 * 60_000 - 1); // 1 ms before the idle expiry
    expect((await h.gw.app.request('/ses/x', { headers: await fresh() })).status).toBe(200);
    h.gw.clock.advance(1);
    const response = await h.gw.app.request('/ses/x', { headers: await fresh() });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toBe('session revoked or expired');
  });

  it('answers 401 for a token whose sid names another user’s session', async () => {
    const s = await startSession(h.gw, { tokenSub: 'mallory' });
    const response = await h.gw.app.request('/ses/x', { headers: s.auth });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toBe('session revoked or expired');
    expect(h.seen).toEqual([]);
  });

  it('fails closed with 503 + Retry-After when the store cannot be read', async () => {
    const s = await startSession(h.gw);
    h.control.down = true;
    const response = await h.gw.app.request('/ses/x', { headers: s.auth });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await problemOf(response)).type).toBe('urn:gatehouse:problem:store-unavailable');
    expect(h.seen).toEqual([]);
  });
});

describe('the session policy in mirror mode: memory decides', () => {
  beforeEach(async () => {
    h = await proxyHarness(routes('mirror'));
  });

  // The documented trade-off (README "How a request is handled"): the session record is not read
  // per request, so its expiry alone does not refuse a token; its access tokens outlive it by at
  // most accessTtl.
  it('keeps serving a token whose session expired, until the token does', async () => {
    const s = await startSession(h.gw);
    h.gw.clock.advance(30 * 60_000);
    const fresh = await signToken(h.gw, { sub: 'alice', sid: s.sid, scope: [] });
    expect(
      (await h.gw.app.request('/ses/x', { headers: { authorization: `Bearer ${fresh}` } })).status,
    ).toBe(200);
  });

  it('keeps serving while the store is down, calling it not once', async () => {
    const s = await startSession(h.gw);
    h.control.down = true;
    h.control.calls.length = 0;
    expect((await h.gw.app.request('/ses/x', { headers: s.auth })).status).toBe(200);
    expect(h.control.calls).toEqual([]);
  });
});

describe('onStoreDown: open', () => {
  beforeEach(async () => {
    h = await proxyHarness(routes('lookup'));
  });

  it('allows on the token alone while the store is down, still refusing bad tokens', async () => {
    const s = await startSession(h.gw);
    h.control.down = true;
    const response = await h.gw.app.request('/open/x', { headers: s.auth });
    expect(response.status).toBe(200);
    expect(authHeaders(h.seen[0]!)).toMatchObject({ 'x-auth-session': s.sid });
    const forged = await h.gw.app.request('/open/x', {
      headers: { authorization: 'Bearer x.y.z' },
    });
    expect(forged.status).toBe(401);
  });

  it('still refuses a revoked session while the store answers', async () => {
    const s = await startSession(h.gw);
    await h.gw.deps.store.sessions.revokeSession(
      s.sid,
      h.gw.clock.now(),
      h.gw.clock.now() + 60_000,
    );
    expect((await h.gw.app.request('/open/x', { headers: s.auth })).status).toBe(401);
  });

  it('warns once per outage, not per request, and notes the recovery', async () => {
    const s = await startSession(h.gw);
    const warnings = () => h.logger.lines.filter((l) => l.level === 'warn');
    h.control.down = true;
    for (let i = 0; i < 5; i++) await h.gw.app.request('/open/x', { headers: s.auth });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.message).toMatch(/session store unreachable/);
    h.control.down = false;
    await h.gw.app.request('/open/x', { headers: s.auth });
    const recoveries = h.logger.lines.filter((l) => /reachable again/.test(l.message ?? ''));
    expect(recoveries.map((l) => l.fields)).toEqual([
      { component: 'policy', allowedWithoutStore: 5 },
    ]);
    h.control.down = true;
    await h.gw.app.request('/open/x', { headers: s.auth });
    expect(warnings()).toHaveLength(2);
  });

  it('repeats the warning at most once a minute during a long outage', async () => {
    const s = await startSession(h.gw);
    h.control.down = true;
    await h.gw.app.request('/open/x', { headers: s.auth });
    h.gw.clock.advance(30_000);
    await h.gw.app.request('/open/x', { headers: s.auth });
    h.gw.clock.advance(30_000);
    await h.gw.app.request('/open/x', { headers: s.auth });
    expect(h.logger.lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });
});
