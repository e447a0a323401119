import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { signToken } from '../../helpers/test-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';
import { startSession } from '../../unit/api/session/session-fixtures.js';

// Issue #12 item 16: `assertion: true` adds X-Auth-Assertion, a JWT an upstream verifies with a
// third-party validator (jose) against the gateway's JWKS over real HTTP.

let upstream: UpstreamServer;
let served: ServedGateway;
let client: Client;
const ISSUER = 'https://gatehouse.test';

beforeAll(async () => {
  upstream = await startUpstreamServer();
  served = await serveGateway(`
server: { trustProxy: true }
tokens: { issuer: "${ISSUER}" }
routes:
  - { name: orders, match: { path: /api/* }, upstream: "${upstream.origin}/v2", stripPrefix: /api, policy: session, assertion: true }
  - { match: { path: /anon/* }, upstream: "${upstream.origin}", policy: token, assertion: true }
  - { name: plain, match: { path: /plain/* }, upstream: "${upstream.origin}", policy: token }
  - { name: gated, match: { path: /gated/* }, policy: token, assertion: true }
`);
  client = new Client(served.url);
});

afterAll(async () => {
  await client?.close();
  await served?.close();
  await upstream?.close();
});

/** What the upstream received for one proxied request: its headers, through the echo endpoint. */
async function proxied(method: string, path: string, headers: Record<string, string>) {
  const response = await client.request({ path, method, headers });
  expect(response.statusCode).toBe(200);
  return ((await response.body.json()) as { headers: Record<string, string> }).headers;
}

const jwks = () => createRemoteJWKSet(new URL(`${served.url}/.well-known/jwks.json`));

describe('signed upstream assertion (X-Auth-Assertion)', () => {
  it('verifies with jose against the JWKS URL: issuer, audience, lifetime and claims', async () => {
    const s = await startSession(served.gateway, { sub: 'alice', scope: ['read', 'write'] });
    const forged = { 'x-auth-assertion': 'forged', x_auth_assertion: 'forged' };
    const headers = await proxied('POST', '/api/orders/7?full=1', { ...s.auth, ...forged });
    const assertion = headers['x-auth-assertion']!;
    expect(assertion).not.toBe('forged');
    expect(Object.keys(headers).filter((name) => /assertion/i.test(name))).toEqual([
      'x-auth-assertion',
    ]);

    const { payload, protectedHeader } = await jwtVerify(assertion, jwks(), {
      issuer: ISSUER,
      audience: 'orders',
      maxTokenAge: '60s',
      typ: 'gatehouse-assertion+jwt',
      requiredClaims: ['sub', 'sid', 'scope', 'jti', 'htm', 'path', 'iat', 'exp'],
    });
    expect(protectedHeader.kid).toBe(served.gateway.deps.keyring.active.kid);
    expect(payload).toMatchObject({
      sub: 'alice',
      sid: s.sid,
      scope: 'read write',
      htm: 'POST',
      // The path the client requested (normalised), not the upstream's /v2/orders/7.
      path: '/api/orders/7?full=1',
    });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(60);
    expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('makes a replay on another path, or after 60 s, detectable', async () => {
    const token = await signToken(served.gateway, { sub: 'bob', sid: 'sid-b', scope: [] });
    const auth = { authorization: `Bearer ${token}` };
    const first = (await proxied('GET', '/anon/a', auth))['x-auth-assertion']!;
    const other = (await proxied('GET', '/anon/b', auth))['x-auth-assertion']!;
    // A route without a name: its audience is the upstream origin.
    const { payload } = await jwtVerify(first, jwks(), {
      issuer: ISSUER,
      audience: upstream.origin,
    });
    // Replayed on /anon/b, the assertion still says /anon/a: the upstream compares and refuses.
    expect(payload.path).toBe('/anon/a');
    expect(decodeJwt(other).path).toBe('/anon/b');
    expect(decodeJwt(other).jti).not.toBe(payload.jti);
    // Replayed 61 s later: expired.
    const later = new Date((payload.iat! + 61) * 1000);
    await expect(
      jwtVerify(first, jwks(), { issuer: ISSUER, audience: upstream.origin, currentDate: later }),
    ).rejects.toBeInstanceOf(errors.JWTExpired);
    // Another route's audience does not accept it either.
    await expect(
      jwtVerify(first, jwks(), { issuer: ISSUER, audience: 'orders' }),
    ).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
  });

  it('is never taken for an access token: typ and audience differ', async () => {
    const s = await startSession(served.gateway);
    const assertion = (await proxied('GET', '/api/x', s.auth))['x-auth-assertion']!;
    expect(decodeProtectedHeader(assertion).typ).toBe('gatehouse-assertion+jwt');
    const response = await client.request({
      path: '/plain/x',
      method: 'GET',
      headers: { authorization: `Bearer ${assertion}` },
    });
    expect(response.statusCode).toBe(401);
    await response.body.dump();
  });

  it('strips a client-sent X-Auth-Assertion on a route without assertion', async () => {
    const s = await startSession(served.gateway);
    const headers = await proxied('GET', '/plain/x', { ...s.auth, 'X-Auth-Assertion': 'forged' });
    expect(Object.keys(headers).filter((name) => /assertion/i.test(name))).toEqual([]);
  });

  it('is returned by /auth/verify (forward-auth) for an assertion route', async () => {
    const token = await signToken(served.gateway, { sub: 'carol', sid: 'sid-c', scope: ['read'] });
    const response = await client.request({
      path: '/auth/verify',
      method: 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        'x-forwarded-method': 'DELETE',
        'x-forwarded-uri': '/gated/item/9',
      },
    });
    expect(response.statusCode).toBe(200);
    await response.body.dump();
    const assertion = response.headers['x-auth-assertion'] as string;
    const { payload } = await jwtVerify(assertion, jwks(), {
      issuer: ISSUER,
      audience: 'gated',
      maxTokenAge: '60s',
    });
    expect(payload).toMatchObject({
      sub: 'carol',
      sid: 'sid-c',
      htm: 'DELETE',
      path: '/gated/item/9',
    });
    expect(String(response.headers['x-envoy-auth-headers-to-remove'])).not.toMatch(
      /x-auth-assertion(,|$)/,
    );
  });
});
