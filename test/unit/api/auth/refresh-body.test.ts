import { describe, expect, it } from 'vitest';
import { postLogin } from './login-fixtures.js';
import {
  COOKIE,
  cookieValue,
  loginAlice,
  ORIGIN,
  postAuth,
  spaGateway,
} from './refresh-fixtures.js';

const BODY_ALLOWED = 'sessions: { allowRefreshTokenInBody: true }';

describe('POST /auth/refresh body', () => {
  it.each([
    [
      'a number refresh_token',
      '{"refresh_token":42}',
      'refresh_token',
      'refresh_token: Expected string',
    ],
    [
      'a null refresh_token',
      '{"refresh_token":null}',
      'refresh_token',
      'refresh_token: Expected string',
    ],
    ['an empty refresh_token', '{"refresh_token":""}', 'refresh_token', undefined],
    [
      'a 513-character refresh_token',
      JSON.stringify({ refresh_token: 'a'.repeat(513) }),
      'refresh_token',
      undefined,
    ],
    [
      'an unknown field',
      '{"grant_type":"refresh_token"}',
      'grant_type',
      'unknown field: grant_type',
    ],
    ['an array', '[]', '(body)', '(body): Expected object'],
    ['truncated JSON', '{"refresh_token":', '(body)', 'malformed JSON'],
  ])('answers 400 naming the field for %s', async (_name, body, field, detail) => {
    const gateway = await spaGateway(BODY_ALLOWED);
    const response = await postAuth(gateway, 'refresh', { body });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { field: string; detail: string };
    expect(problem.field).toBe(field);
    if (detail) expect(problem.detail).toBe(detail);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('answers 401 (not 400) for a well-typed refresh_token that is not a refresh token', async () => {
    const gateway = await spaGateway(BODY_ALLOWED);
    const response = await postAuth(gateway, 'refresh', { bodyToken: 'v1.garbage' });
    expect(response.status).toBe(401);
  });

  it('accepts an empty body with Content-Length: 0 when the cookie is present', async () => {
    const gateway = await spaGateway();
    const { refreshToken } = await loginAlice(gateway);
    const response = await gateway.app.request('/auth/refresh', {
      method: 'POST',
      headers: {
        cookie: `${COOKIE}=${refreshToken}`,
        origin: ORIGIN,
        'content-type': 'application/json',
        'content-length': '0',
      },
    });
    expect(response.status).toBe(200);
  });

  it('accepts an empty JSON object with the cookie', async () => {
    const gateway = await spaGateway();
    const { refreshToken } = await loginAlice(gateway);
    const response = await postAuth(gateway, 'refresh', { cookie: refreshToken, body: '{}' });
    expect(response.status).toBe(200);
  });

  it('finds the cookie among others in the Cookie header', async () => {
    const gateway = await spaGateway();
    const { refreshToken } = await loginAlice(gateway);
    const response = await gateway.app.request('/auth/refresh', {
      method: 'POST',
      headers: {
        cookie: `theme=dark; ${COOKIE}-old=x; ${COOKIE}=${refreshToken}; lang=en`,
        origin: ORIGIN,
      },
    });
    expect(response.status).toBe(200);
  });

  it('skips an emptied cookie of the same name ahead of the real one', async () => {
    const gateway = await spaGateway();
    const { refreshToken } = await loginAlice(gateway);
    const response = await gateway.app.request('/auth/refresh', {
      method: 'POST',
      headers: { cookie: `${COOKIE}=; ${COOKIE}="${refreshToken}"`, origin: ORIGIN },
    });
    expect(response.status).toBe(200);
  });

  it('reads the unprefixed cookie name in insecureDevMode', async () => {
    const gateway = await spaGateway('sessions: { cookie: { insecureDevMode: true } }');
    const login = await postLogin(gateway, { username: 'alice', password: 'pw-alice' });
    const token = cookieValue(login.headers.get('set-cookie'), 'gatehouse-refresh');
    const withPrefix = await gateway.app.request('/auth/refresh', {
      method: 'POST',
      headers: { cookie: `${COOKIE}=${token}`, origin: ORIGIN },
    });
    expect(withPrefix.status).toBe(401);
    expect(await withPrefix.json()).toMatchObject({
      type: 'urn:gatehouse:problem:missing-refresh-token',
    });
    const plain = await gateway.app.request('/auth/refresh', {
      method: 'POST',
      headers: { cookie: `gatehouse-refresh=${token}`, origin: ORIGIN },
    });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('set-cookie')).toMatch(/^gatehouse-refresh=v1\./);
  });
});
