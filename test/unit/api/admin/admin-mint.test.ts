import { describe, expect, it } from 'vitest';
import { problemOf } from '../session/session-fixtures.js';
import { adminGateway, asAdmin, mint, refreshWithBody } from './admin-fixtures.js';

const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('POST /admin/sessions', () => {
  it('mints a session: 201 with the token pair and the sid, never a cookie, never cached', async () => {
    const { gw, store, clock } = await adminGateway();
    const response = await asAdmin(gw, 'POST', '/sessions', {
      sub: 'user-bob',
      scope: 'read:api write:api',
      claims: { tenant: 'acme' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, string | number>;
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'read:api write:api',
      refresh_token: expect.stringMatching(new RegExp(`^v1\\.${body.sid}\\.`)),
      sid: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    expect(response.headers.get('location')).toBe(`/admin/sessions/${body.sid}`);
    expect(payloadOf(body.access_token as string)).toMatchObject({
      sub: 'user-bob',
      sid: body.sid,
      scope: 'read:api write:api',
      tenant: 'acme',
    });
    expect(await store.sessions.getSession(body.sid as string, clock.now())).toMatchObject({
      sub: 'user-bob',
      scope: ['read:api', 'write:api'],
    });
  });

  it('hands out tokens that work: the access token on a token route, the refresh token on /auth/refresh', async () => {
    const { gw, upstreamPaths } = await adminGateway();
    const minted = await mint(gw);
    const api = await gw.app.request('/api/orders', {
      headers: { authorization: `Bearer ${minted.access_token}` },
    });
    expect(api.status).toBe(200);
    expect(upstreamPaths).toEqual(['/api/orders']);
    const refreshed = await refreshWithBody(gw, minted.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(
      payloadOf(((await refreshed.json()) as { access_token: string }).access_token),
    ).toMatchObject({
      sub: 'user-bob',
      sid: minted.sid,
    });
  });

  it('hands out a refresh token a SPA can also present as its cookie', async () => {
    const { gw } = await adminGateway();
    const minted = await mint(gw);
    const response = await gw.app.request('/auth/refresh', {
      method: 'POST',
      headers: {
        cookie: `__Host-gatehouse-refresh=${minted.refresh_token}`,
        origin: 'https://app.example.com',
      },
    });
    expect(response.status).toBe(200);
  });

  it('stores the initial context, readable through the session API', async () => {
    const { gw } = await adminGateway();
    const minted = await mint(gw, { sub: 'user-bob', scope: [], context: { cart: [1, 2] } });
    const response = await gw.app.request('/auth/session/context', {
      headers: { authorization: `Bearer ${minted.access_token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ cart: [1, 2] });
    expect(response.headers.get('etag')).toBe('"1"');
  });

  it('takes the scope as a list too, and gives an empty one identity.defaultScope', async () => {
    const { gw } = await adminGateway('identity: { defaultScope: [basic] }');
    expect((await mint(gw, { sub: 'u', scope: ['a', 'b', 'a'] })).scope).toBe('a b');
    expect((await mint(gw, { sub: 'u', scope: '' })).scope).toBe('basic');
  });

  it.each([
    ['a missing sub', { scope: 'x' }, 'sub'],
    ['a missing scope', { sub: 'u' }, 'scope'],
    ['a scope token with a quote', { sub: 'u', scope: 'read "all"' }, 'scope[1]'],
    ['a reserved claim', { sub: 'u', scope: 'x', claims: { sub: 'root' } }, 'claims.sub'],
    ['claims that are not an object', { sub: 'u', scope: 'x', claims: [1] }, 'claims'],
    [
      'claims too large for a token',
      { sub: 'u', scope: 'x', claims: { a: 'x'.repeat(4096) } },
      'claims',
    ],
    ['a context that is not an object', { sub: 'u', scope: 'x', context: [1] }, 'context'],
    [
      'an unknown field',
      { sub: 'u', scope: 'x', refresh_token_in_body: true },
      'refresh_token_in_body',
    ],
  ])('answers 400 naming the field for %s', async (_, body, field) => {
    const { gw, store, clock } = await adminGateway();
    const response = await asAdmin(gw, 'POST', '/sessions', body);
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ field });
    expect(await store.sessions.listUserSessions('u', clock.now())).toEqual([]);
  });

  it('answers 413 for a context over sessions.contextMaxBytes', async () => {
    const { gw } = await adminGateway();
    const response = await asAdmin(gw, 'POST', '/sessions', {
      sub: 'u',
      scope: 'x',
      context: { blob: 'x'.repeat(gw.deps.config.sessions.contextMaxBytes) },
    });
    expect(response.status).toBe(413);
  });
});
