import { describe, expect, it } from 'vitest';
import { problemOf, startSession } from '../session/session-fixtures.js';
import { identityOf, verifyGateway, verifyRequest } from './verify-fixtures.js';

const DAY = 86_400_000;

describe.each(['mirror', 'lookup'])('GET /auth/verify (revocation.mode: %s)', (mode) => {
  it('allows a live session: 200, empty body, identity headers, no-store', async () => {
    const { gw } = await verifyGateway({ mode });
    const s = await startSession(gw, { scope: ['read', 'write'] });
    const response = await verifyRequest(gw, 'GET', '/ses/x?y=1', s.auth);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(identityOf(response)).toEqual({
      'x-auth-subject': 'alice',
      'x-auth-session': s.sid,
      'x-auth-scope': 'read write',
    });
  });

  it('answers 401 with the RFC 6750 challenge once the session is revoked', async () => {
    const { gw } = await verifyGateway({ mode });
    const s = await startSession(gw);
    expect((await verifyRequest(gw, 'GET', '/ses/x', s.auth)).status).toBe(200);
    await gw.deps.store.sessions.revokeSession(s.sid, gw.clock.now(), gw.clock.now() + DAY);
    const response = await verifyRequest(gw, 'GET', '/ses/x', s.auth);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="gatehouse", error="invalid_token", error_description="session revoked/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(identityOf(response)).toEqual({});
  });
});

describe('GET /auth/verify', () => {
  it('answers 401 with a bare challenge and problem+json when there is no token', async () => {
    const { gw } = await verifyGateway();
    const response = await verifyRequest(gw, 'GET', '/ses/x');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
    expect((await problemOf(response)).status).toBe(401);
  });

  it('answers 403 insufficient_scope when a scope is missing', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw, { scope: ['profile'] });
    const response = await verifyRequest(gw, 'GET', '/tok/x', s.auth);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="gatehouse", error="insufficient_scope", error_description="this route requires scope: read", scope="read"',
    );
  });

  it('decides on the forwarded method: POST needs write, GET is public', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw, { scope: ['read'] });
    expect((await verifyRequest(gw, 'POST', '/rw/x', s.auth)).status).toBe(403);
    expect((await verifyRequest(gw, 'post', '/rw/x', s.auth)).status).toBe(403);
    expect((await verifyRequest(gw, 'GET', '/rw/x')).status).toBe(200);
  });

  it('reads nginx’s X-Original-Method + X-Original-URI', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw, { scope: ['read'] });
    const ask = (method: string) =>
      gw.app.request('/auth/verify', {
        headers: { 'x-original-method': method, 'x-original-uri': '/rw/x', ...s.auth },
      });
    expect((await ask('POST')).status).toBe(403);
    expect((await ask('GET')).status).toBe(200);
  });

  it('sends X-Auth-Context (base64url JSON) on context routes', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw, { context: { step: 2, cart: ['é'] } });
    const response = await verifyRequest(gw, 'GET', '/ctx/x', s.auth);
    expect(response.status).toBe(200);
    const context = response.headers.get('x-auth-context')!;
    expect(JSON.parse(Buffer.from(context, 'base64url').toString('utf8'))).toEqual({
      step: 2,
      cart: ['é'],
    });
  });

  it('allows a public route with no identity headers, token or not', async () => {
    const { gw } = await verifyGateway();
    const response = await verifyRequest(gw, 'GET', '/public/x');
    expect(response.status).toBe(200);
    expect(identityOf(response)).toEqual({});
  });

  it('tells Envoy to drop every X-Auth-* spelling it did not set', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw);
    const remove = async (target: string, headers: Record<string, string> = {}) =>
      (await verifyRequest(gw, 'GET', target, headers)).headers
        .get('x-envoy-auth-headers-to-remove')!
        .split(', ');
    const onSession = await remove('/ses/x', s.auth);
    expect(onSession).toContain('x-auth-context');
    expect(onSession).toContain('x_auth_subject');
    expect(onSession).toContain('x-auth_scope');
    expect(onSession).not.toContain('x-auth-subject');
    // A client-sent X-Auth-Assertion never reaches the upstream either (not an assertion route).
    expect(onSession).toEqual(expect.arrayContaining(['x-auth-assertion', 'x_auth_assertion']));
    expect(onSession).toHaveLength(17);
    expect(await remove('/public/x')).toHaveLength(20);
  });

  it('answers 403 "no route for this request" when no route matches', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw);
    const response = await verifyRequest(gw, 'GET', '/nowhere', s.auth);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await problemOf(response)).toMatchObject({
      type: 'urn:gatehouse:problem:forward-auth-refused',
      detail: 'no route for this request',
    });
  });

  it('answers 403 for a target the path rules reject, never a looser policy', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw, { scope: ['read'] });
    const response = await verifyRequest(gw, 'POST', '/rw%2Fx', s.auth);
    expect(response.status).toBe(403);
    expect((await problemOf(response)).detail).toBe('encoded slash or backslash in the path');
  });

  it('answers 403 for disagreeing forwarded headers (a client may have sent one)', async () => {
    const { gw } = await verifyGateway();
    const response = await verifyRequest(gw, 'GET', '/ses/x', { 'x-original-uri': '/public/x' });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).detail).toBe('conflicting forwarded request headers');
  });

  it('fails closed with 503 + Retry-After when the store cannot be read', async () => {
    const { gw, control } = await verifyGateway({ mode: 'lookup' });
    const s = await startSession(gw);
    control.down = true;
    const response = await verifyRequest(gw, 'GET', '/ses/x', s.auth);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('never proxies: a route with an upstream is only decided on', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw);
    // The test gateway's upstream throws (→ 500) if anything calls it.
    const response = await verifyRequest(gw, 'GET', '/up/x', s.auth);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('answers HEAD like GET, and 405 to other methods on the verify path', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw);
    const head = await gw.app.request('/auth/verify', {
      method: 'HEAD',
      headers: { 'x-forwarded-method': 'GET', 'x-forwarded-uri': '/ses/x', ...s.auth },
    });
    expect(head.status).toBe(200);
    expect(identityOf(head)['x-auth-session']).toBe(s.sid);
    const post = await gw.app.request('/auth/verify', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
