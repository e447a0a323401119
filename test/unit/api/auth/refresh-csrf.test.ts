import { describe, expect, it } from 'vitest';
import { testGateway } from '../../../helpers/test-gateway.js';
import { oneUserSource } from './login-fixtures.js';
import { loginAlice, ORIGIN, postAuth, refreshWithCookie, spaGateway } from './refresh-fixtures.js';

describe('POST /auth/refresh CSRF defence (README "Sessions and refresh tokens")', () => {
  it.each([
    ['no Origin and no Referer', { origin: null }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['an allowed host on another scheme', { origin: 'http://app.example.com' }],
    ['an allowed host on another port', { origin: 'https://app.example.com:8443' }],
    ['a sibling subdomain', { origin: 'https://api.app.example.com' }],
    ['the opaque origin "null"', { origin: 'null' }],
    ['"null" Origin with an allowed Referer', { origin: 'null', referer: `${ORIGIN}/app` }],
    ['only a foreign Referer', { origin: null, referer: 'https://evil.example/app' }],
    ['only an unparsable Referer', { origin: null, referer: 'not a url' }],
  ])('answers 403 for a cookie refresh with %s, without rotating', async (_name, request) => {
    const gateway = await spaGateway();
    const { refreshToken } = await loginAlice(gateway);
    const response = await postAuth(gateway, 'refresh', { cookie: refreshToken, ...request });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      type: 'urn:gatehouse:problem:origin-not-allowed',
      status: 403,
    });
    // Nothing is cleared or spent: the real SPA keeps working.
    expect(response.headers.get('set-cookie')).toBeNull();
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(200);
  });

  it('accepts a cookie refresh with an allowed Origin', async () => {
    const gateway = await spaGateway();
    const { refreshToken } = await loginAlice(gateway);
    const response = await postAuth(gateway, 'refresh', { cookie: refreshToken, origin: ORIGIN });
    expect(response.status).toBe(200);
  });

  it('accepts a cookie refresh with only a Referer from an allowed origin', async () => {
    const gateway = await spaGateway();
    const { refreshToken } = await loginAlice(gateway);
    const response = await postAuth(gateway, 'refresh', {
      cookie: refreshToken,
      origin: null,
      referer: `${ORIGIN}/settings?tab=1`,
    });
    expect(response.status).toBe(200);
  });

  it('matches configured origins written with a trailing slash or a default port', async () => {
    const gateway = await testGateway(
      "cors: { allowedOrigins: ['https://app.example.com:443/', 'http://localhost:5173/'] }",
      { identitySources: [oneUserSource().source] },
    );
    const { refreshToken } = await loginAlice(gateway);
    const first = await postAuth(gateway, 'refresh', { cookie: refreshToken, origin: ORIGIN });
    expect(first.status).toBe(200);
    const next = first.headers.get('set-cookie')!.split(';')[0]!.split('=')[1]!;
    const second = await postAuth(gateway, 'refresh', {
      cookie: next,
      origin: 'http://localhost:5173',
    });
    expect(second.status).toBe(200);
  });

  it('refuses every cookie refresh when no origin is configured', async () => {
    const gateway = await testGateway('', { identitySources: [oneUserSource().source] });
    const { refreshToken } = await loginAlice(gateway);
    expect((await postAuth(gateway, 'refresh', { cookie: refreshToken })).status).toBe(403);
  });

  it('does not ask a body-token refresh for an Origin', async () => {
    const gateway = await spaGateway('sessions: { allowRefreshTokenInBody: true }');
    const { refreshToken } = await loginAlice(gateway);
    const response = await postAuth(gateway, 'refresh', { bodyToken: refreshToken, origin: null });
    expect(response.status).toBe(200);
  });

  it('checks the Origin before the token: a bad token from a foreign origin is a 403', async () => {
    const gateway = await spaGateway();
    const response = await postAuth(gateway, 'refresh', {
      cookie: 'garbage',
      origin: 'https://evil.example',
    });
    expect(response.status).toBe(403);
  });
});
