import { describe, expect, it } from 'vitest';
import { identitySourceUnavailable } from '../../../../src/errors/errors.js';
import type { IdentitySource } from '../../../../src/identity/identity-source.js';
import { testGateway } from '../../../helpers/test-gateway.js';
import { capturingLogger, oneUserSource, postLogin, verifierOf } from './login-fixtures.js';

const rejectAll: IdentitySource = { authenticate: async () => null };

describe('POST /auth/login', () => {
  it('answers 200 with a Bearer access token for a new session (RFC 6749 §5.1)', async () => {
    const gateway = await testGateway('', { identitySources: [oneUserSource().source] });
    const response = await postLogin(gateway, { username: 'alice', password: 'pw-alice' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'read:api profile',
    });

    const claims = await verifierOf(gateway).verify(body.access_token as string);
    expect(claims).toMatchObject({ sub: 'user-alice', scope: 'read:api profile', tenant: 'acme' });
    const session = await gateway.deps.store.sessions.getSession(claims.sid, gateway.clock.now());
    expect(session).toMatchObject({
      sid: claims.sid,
      sub: 'user-alice',
      scope: ['read:api', 'profile'],
      claims: { tenant: 'acme' },
    });
    expect(session!.createdAt).toBe(gateway.clock.now());
  });

  it('uses tokens.accessTtl for expires_in and identity.defaultScope when the source names no scope', async () => {
    const { source } = oneUserSource({ sub: 'u', scope: [], claims: {} });
    const gateway = await testGateway(
      'tokens: { accessTtl: 2m }\nidentity: { defaultScope: basic }',
      {
        identitySources: [source],
      },
    );
    const body = (await (
      await postLogin(gateway, { username: 'alice', password: 'pw-alice' })
    ).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ expires_in: 120, scope: 'basic' });
    expect((await verifierOf(gateway).verify(body.access_token as string)).scope).toBe('basic');
  });

  it('answers 400 naming refresh_token_in_body when the body asks but config does not allow it', async () => {
    const { source, calls } = oneUserSource();
    const gateway = await testGateway('', { identitySources: [source] });
    const response = await postLogin(gateway, {
      username: 'alice',
      password: 'pw-alice',
      refresh_token_in_body: true,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      type: 'urn:gatehouse:problem:bad-request',
      field: 'refresh_token_in_body',
    });
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(calls).toEqual([]);
  });

  it('gives a wrong password and an unknown user the same 401, byte for byte apart from requestId', async () => {
    const gateway = await testGateway('', { identitySources: [oneUserSource().source] });
    const wrong = await postLogin(
      gateway,
      { username: 'alice', password: 'nope' },
      { headers: { 'content-type': 'application/json', 'x-request-id': 'r1' } },
    );
    const unknown = await postLogin(
      gateway,
      { username: 'mallory', password: 'pw-alice' },
      { headers: { 'content-type': 'application/json', 'x-request-id': 'r2' } },
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a.replace('"r1"', '"ID"')).toBe(b.replace('"r2"', '"ID"'));
    expect(JSON.parse(a)).toMatchObject({
      type: 'urn:gatehouse:problem:invalid-credentials',
      status: 401,
      requestId: 'r1',
    });
    expect(wrong.headers.get('content-type')).toBe('application/problem+json');
    expect([...wrong.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
  });

  it('answers 401 when no identity source is configured', async () => {
    const gateway = await testGateway('', { identitySources: [] });
    expect((await postLogin(gateway, { username: 'alice', password: 'pw-alice' })).status).toBe(
      401,
    );
  });

  it('tries the sources in order and stops at the first identity', async () => {
    const first = oneUserSource({ sub: 'from-first', scope: ['a'], claims: {} });
    const second = oneUserSource({ sub: 'from-second', scope: ['b'], claims: {} });
    const gateway = await testGateway('', {
      identitySources: [rejectAll, first.source, second.source],
    });
    const body = (await (
      await postLogin(gateway, { username: 'alice', password: 'pw-alice' })
    ).json()) as { access_token: string };
    expect((await verifierOf(gateway).verify(body.access_token)).sub).toBe('from-first');
    expect(first.calls).toEqual(['alice']);
    expect(second.calls).toEqual([]);
  });

  it.each([
    [
      'throws identitySourceUnavailable',
      () => Promise.reject(identitySourceUnavailable(new Error('down'))),
    ],
    ['throws anything else', () => Promise.reject(new Error('bug'))],
  ])(
    'answers 503 with Retry-After when a source %s, without asking later sources',
    async (_name, fail) => {
      const later = oneUserSource();
      const gateway = await testGateway('', {
        identitySources: [{ authenticate: fail }, later.source],
      });
      const response = await postLogin(gateway, { username: 'alice', password: 'pw-alice' });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toMatchObject({
        type: 'urn:gatehouse:problem:identity-source-unavailable',
      });
      expect(later.calls).toEqual([]);
    },
  );

  it('serves login under a configured authPrefix', async () => {
    const gateway = await testGateway('authPrefix: /identity', {
      identitySources: [oneUserSource().source],
    });
    const response = await postLogin(
      gateway,
      { username: 'alice', password: 'pw-alice' },
      { path: '/identity/login' },
    );
    expect(response.status).toBe(200);
  });

  it('answers other methods with 405 and Allow: POST', async () => {
    const gateway = await testGateway('', { identitySources: [oneUserSource().source] });
    const response = await gateway.app.request('/auth/login');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('logs "login" with sub and sid, and "login failed" with no credentials; never the password or token', async () => {
    const logger = capturingLogger();
    const gateway = await testGateway('', { identitySources: [oneUserSource().source], logger });
    const ok = (await (
      await postLogin(gateway, { username: 'alice', password: 'pw-alice' })
    ).json()) as { access_token: string };
    await postLogin(gateway, { username: 'alice-typo', password: 'pw-SECRET' });
    const sid = (await verifierOf(gateway).verify(ok.access_token)).sid;
    expect(logger.lines.find((l) => l.message === 'login')?.fields).toMatchObject({
      sub: 'user-alice',
      sid,
    });
    const failed = logger.lines.find((l) => l.message === 'login failed');
    expect(failed).toBeDefined();
    const everything = JSON.stringify(logger.lines);
    for (const secret of ['pw-alice', 'pw-SECRET', 'alice-typo', ok.access_token])
      expect(everything).not.toContain(secret);
  });
});
