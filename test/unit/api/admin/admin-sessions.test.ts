import { describe, expect, it } from 'vitest';
import { problemOf } from '../session/session-fixtures.js';
import { adminGateway, asAdmin, loginAlice, mint, refreshWithBody } from './admin-fixtures.js';

/** The claims of a compact JWT, unverified. */
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    jti: string;
    iat: number;
    sid: string;
  };

describe('GET /admin/users/{sub}/sessions', () => {
  it('lists the live sessions, oldest first, with ISO times and no refresh-token state', async () => {
    const { gw, clock } = await adminGateway();
    const first = await loginAlice(gw);
    clock.advance(1000);
    const second = await loginAlice(gw);
    const response = await asAdmin(gw, 'GET', '/users/user-alice/sessions');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as {
      sub: string;
      sessions: Array<Record<string, string>>;
    };
    expect(body.sub).toBe('user-alice');
    expect(body.sessions.map((s) => s.sid)).toEqual([first.sid, second.sid]);
    expect(body.sessions[0]).toEqual({
      sid: first.sid,
      sub: 'user-alice',
      scope: 'read:api profile',
      createdAt: new Date(clock.now() - 1000).toISOString(),
      lastSeenAt: new Date(clock.now() - 1000).toISOString(),
      idleExpiresAt: new Date(clock.now() - 1000 + 30 * 60_000).toISOString(),
      absoluteExpiresAt: new Date(clock.now() - 1000 + 7 * 86_400_000).toISOString(),
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain(first.refresh.split('.')[2]);
    expect(text).not.toMatch(/hash|refresh/i);
  });

  it('answers an empty list, not 404, for a user without sessions (users live elsewhere)', async () => {
    const { gw } = await adminGateway();
    const response = await asAdmin(gw, 'GET', '/users/nobody/sessions');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'nobody', sessions: [] });
  });

  it('takes a percent-encoded subject, slashes and all', async () => {
    const { gw } = await adminGateway();
    const minted = await mint(gw, { sub: 'auth0|a/b c', scope: 'read:api' });
    const response = await asAdmin(
      gw,
      'GET',
      `/users/${encodeURIComponent('auth0|a/b c')}/sessions`,
    );
    const body = (await response.json()) as { sessions: Array<{ sid: string }> };
    expect(body.sessions.map((s) => s.sid)).toEqual([minted.sid]);
  });

  it('answers 400 naming sub for a subject with control characters', async () => {
    const { gw } = await adminGateway();
    const response = await asAdmin(gw, 'GET', '/users/a%00b/sessions');
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ field: 'sub' });
  });
});

describe('GET /admin/sessions/{sid}', () => {
  it('answers the session', async () => {
    const { gw } = await adminGateway();
    const { sid } = await loginAlice(gw);
    const response = await asAdmin(gw, 'GET', `/sessions/${sid}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      sid,
      sub: 'user-alice',
      scope: 'read:api profile',
    });
  });

  it('answers 404 for an unknown or revoked session, 400 naming sid for a malformed one', async () => {
    const { gw } = await adminGateway();
    const unknown = await asAdmin(gw, 'GET', '/sessions/AAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect((await problemOf(unknown)).type).toBe('urn:gatehouse:problem:not-found');
    const malformed = await asAdmin(gw, 'GET', '/sessions/not.a.sid');
    expect(malformed.status).toBe(400);
    expect(await problemOf(malformed)).toMatchObject({ field: 'sid' });
  });
});

describe('DELETE /admin/sessions/{sid}', () => {
  it('revokes the session: 204, refresh fails at once, the store forgets it, the revocation is published', async () => {
    const { gw, store, clock } = await adminGateway();
    const { sid, refresh } = await loginAlice(gw);
    const response = await asAdmin(gw, 'DELETE', `/sessions/${sid}`);
    expect(response.status).toBe(204);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await store.sessions.getSession(sid, clock.now())).toBeNull();
    expect((await refreshWithBody(gw, refresh)).status).toBe(401);
    const { accessTtl, clockTolerance } = gw.deps.config.tokens;
    expect(await store.revocationLog.listRevocations(clock.now())).toContainEqual({
      kind: 'session',
      sid,
      forgetAt: clock.now() + accessTtl + clockTolerance,
    });
    expect((await asAdmin(gw, 'GET', `/sessions/${sid}`)).status).toBe(404);
  });

  it('leaves the user’s other sessions alone', async () => {
    const { gw, store, clock } = await adminGateway();
    const revoked = await loginAlice(gw);
    const kept = await loginAlice(gw);
    await asAdmin(gw, 'DELETE', `/sessions/${revoked.sid}`);
    expect(await store.sessions.getSession(kept.sid, clock.now())).not.toBeNull();
    expect((await refreshWithBody(gw, kept.refresh)).status).toBe(200);
  });

  it('is idempotent: 204 again for a session that is already gone', async () => {
    const { gw } = await adminGateway();
    const { sid } = await loginAlice(gw);
    expect((await asAdmin(gw, 'DELETE', `/sessions/${sid}`)).status).toBe(204);
    expect((await asAdmin(gw, 'DELETE', `/sessions/${sid}`)).status).toBe(204);
  });

  it('answers 400 naming sid for a malformed one', async () => {
    const { gw } = await adminGateway();
    const response = await asAdmin(gw, 'DELETE', `/sessions/${'x'.repeat(129)}`);
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ field: 'sid' });
  });
});

describe('DELETE /admin/users/{sub}/sessions', () => {
  it('publishes the user not-before, revokes every session and answers how many', async () => {
    const { gw, store, clock } = await adminGateway();
    const sessions = [await loginAlice(gw), await loginAlice(gw)];
    const bob = await mint(gw, { sub: 'user-bob', scope: 'read:api' });
    clock.advance(1500);
    const response = await asAdmin(gw, 'DELETE', '/users/user-alice/sessions');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ revoked: 2 });
    for (const { sid, refresh } of sessions) {
      expect(await store.sessions.getSession(sid, clock.now())).toBeNull();
      expect((await refreshWithBody(gw, refresh)).status).toBe(401);
    }
    const { accessTtl, clockTolerance } = gw.deps.config.tokens;
    expect(await store.revocationLog.listRevocations(clock.now())).toContainEqual({
      kind: 'user',
      sub: 'user-alice',
      notBefore: Math.floor(clock.now() / 1000) * 1000,
      forgetAt: clock.now() + accessTtl + clockTolerance,
    });
    expect(await store.sessions.getSession(bob.sid, clock.now())).not.toBeNull();
    expect(await (await asAdmin(gw, 'DELETE', '/users/user-alice/sessions')).json()).toEqual({
      revoked: 0,
    });
  });

  it('rejects tokens issued before the not-before, not those of a login right after it', async () => {
    const { gw, store, clock } = await adminGateway();
    const before = claimsOf((await loginAlice(gw)).access);
    // Mid-second: the not-before is the whole second, as `iat` is.
    clock.advance(1500);
    await asAdmin(gw, 'DELETE', '/users/user-alice/sessions');
    const after = claimsOf((await loginAlice(gw)).access);
    const query = (claims: typeof before) => ({
      sid: 'some-other-session',
      jti: claims.jti,
      sub: 'user-alice',
      issuedAt: claims.iat * 1000,
    });
    expect(await store.revocationLog.isRevoked(query(before), clock.now())).toBe(true);
    expect(await store.revocationLog.isRevoked(query(after), clock.now())).toBe(false);
  });
});
