import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../src/store/memory/memory-store.js';
import type { Store } from '../../../../src/store/store.js';
import { capturingLogger } from './login-fixtures.js';
import {
  cookieAttributes,
  cookieValue,
  loginAlice,
  ORIGIN,
  postAuth,
  refreshWithCookie,
  sidOf,
  spaGateway,
} from './refresh-fixtures.js';

function expectCleared(response: Response) {
  const setCookie = response.headers.get('set-cookie');
  expect(cookieValue(setCookie)).toBe('');
  expect(cookieAttributes(setCookie!)).toEqual({
    'max-age': '0',
    path: '/',
    httponly: '',
    secure: '',
    samesite: 'Strict',
  });
}

describe('POST /auth/logout', () => {
  it('revokes the session of the cookie, clears the cookie and answers 204', async () => {
    const logger = capturingLogger();
    const gateway = await spaGateway('', { logger });
    const { refreshToken } = await loginAlice(gateway);
    const response = await postAuth(gateway, 'logout', { cookie: refreshToken });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expectCleared(response);
    const sid = sidOf(refreshToken);
    expect(await gateway.deps.store.sessions.getSession(sid, gateway.clock.now())).toBeNull();
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(401);
    expect(logger.lines.find((l) => l.message === 'logout')?.fields).toMatchObject({
      sid,
      sub: 'user-alice',
    });
    expect(JSON.stringify(logger.lines)).not.toContain(refreshToken.split('.')[2]);
  });

  it('revokes by the bearer access token when no refresh token is sent', async () => {
    const gateway = await spaGateway();
    const { refreshToken, accessToken } = await loginAlice(gateway);
    const response = await postAuth(gateway, 'logout', {
      headers: { authorization: `bearer ${accessToken}` },
    });
    expect(response.status).toBe(204);
    expectCleared(response);
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(401);
  });

  it('revokes by a body refresh token when allowed, with no Origin', async () => {
    const gateway = await spaGateway('sessions: { allowRefreshTokenInBody: true }');
    const { refreshToken } = await loginAlice(gateway);
    const response = await postAuth(gateway, 'logout', { bodyToken: refreshToken });
    expect(response.status).toBe(204);
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(401);
  });

  it('is idempotent: a second logout and an expired session still answer 204', async () => {
    const gateway = await spaGateway('sessions: { idleTtl: 1m }');
    const first = await loginAlice(gateway);
    expect((await postAuth(gateway, 'logout', { cookie: first.refreshToken })).status).toBe(204);
    const again = await postAuth(gateway, 'logout', { cookie: first.refreshToken });
    expect(again.status).toBe(204);
    expectCleared(again);

    const second = await loginAlice(gateway);
    gateway.clock.advance(2 * 60_000);
    expect((await postAuth(gateway, 'logout', { cookie: second.refreshToken })).status).toBe(204);
    expect((await postAuth(gateway, 'logout', { cookie: 'garbage' })).status).toBe(204);
  });

  it('does not revoke for a forged secret on a real sid, though it answers 204', async () => {
    const gateway = await spaGateway();
    const { refreshToken } = await loginAlice(gateway);
    const forged = `v1.${sidOf(refreshToken)}.${'B'.repeat(43)}`;
    expect((await postAuth(gateway, 'logout', { cookie: forged })).status).toBe(204);
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(200);
  });

  it('answers 401 with a bare Bearer challenge when there are no credentials at all', async () => {
    const response = await postAuth(await spaGateway(), 'logout', { origin: ORIGIN });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
  });

  it('answers 401 invalid_token for a bad bearer token, revoking nothing', async () => {
    const gateway = await spaGateway();
    const { refreshToken } = await loginAlice(gateway);
    const response = await postAuth(gateway, 'logout', {
      headers: { authorization: 'Bearer not.a.jwt' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(200);
  });

  it('answers 403 for a cookie logout from a foreign origin, revoking nothing', async () => {
    const gateway = await spaGateway();
    const { refreshToken } = await loginAlice(gateway);
    const response = await postAuth(gateway, 'logout', {
      cookie: refreshToken,
      origin: 'https://evil.example',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(200);
  });

  it('answers 503 with Retry-After and keeps the cookie when the store is down', async () => {
    const inner = createMemoryStore();
    let down = false;
    const store: Store = {
      ...inner,
      sessions: {
        ...inner.sessions,
        revokeSession: (...args) =>
          down ? Promise.reject(new Error('down')) : inner.sessions.revokeSession(...args),
        getSession: (...args) =>
          down ? Promise.reject(new Error('down')) : inner.sessions.getSession(...args),
      },
    };
    const gateway = await spaGateway('', { store });
    const { refreshToken, accessToken } = await loginAlice(gateway);
    down = true;
    for (const presenting of [
      { cookie: refreshToken },
      { headers: { authorization: `Bearer ${accessToken}` } },
    ]) {
      const response = await postAuth(gateway, 'logout', presenting);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    down = false;
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(200);
  });

  it('answers other methods with 405', async () => {
    expect((await (await spaGateway()).app.request('/auth/logout')).status).toBe(405);
  });
});
