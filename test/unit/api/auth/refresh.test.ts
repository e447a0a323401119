import { describe, expect, it } from 'vitest';
import { capturingLogger, verifierOf } from './login-fixtures.js';
import {
  cookieAttributes,
  cookieValue,
  expectParallelRefreshesConverge,
  loginAlice,
  postAuth,
  refreshWithCookie,
  sidOf,
  spaGateway,
} from './refresh-fixtures.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('POST /auth/refresh', () => {
  it('rotates: 200 with a new access token and a new refresh token cookie (RFC 6749 §5.1)', async () => {
    const gateway = await spaGateway();
    const login = await loginAlice(gateway);
    gateway.clock.advance(MINUTE);
    const { response, body, setCookie, refreshToken } = await refreshWithCookie(
      gateway,
      login.refreshToken,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'read:api profile',
    });
    expect(refreshToken).not.toBe(login.refreshToken);
    expect(sidOf(refreshToken!)).toBe(sidOf(login.refreshToken));
    expect(body.access_token).not.toBe(login.accessToken);
    const claims = await verifierOf(gateway).verify(body.access_token as string);
    expect(claims).toMatchObject({
      sub: 'user-alice',
      sid: sidOf(login.refreshToken),
      tenant: 'acme',
    });
    // The cookie still ends with the session: a minute of the 7 days is gone.
    expect(cookieAttributes(setCookie!)['max-age']).toBe(String(7 * 24 * 3600 - 60));
  });

  it('rejects the old token after the grace window as reuse and revokes the session', async () => {
    const logger = capturingLogger();
    const gateway = await spaGateway('', { logger });
    const login = await loginAlice(gateway);
    const rotated = await refreshWithCookie(gateway, login.refreshToken);
    gateway.clock.advance(10 * SECOND + 1);

    const reused = await refreshWithCookie(gateway, login.refreshToken);
    expect(reused.status).toBe(401);
    expect(reused.body).toMatchObject({ type: 'urn:gatehouse:problem:invalid-refresh-token' });
    expect(cookieValue(reused.setCookie)).toBe('');
    expect(cookieAttributes(reused.setCookie!)['max-age']).toBe('0');

    // The whole session is gone: the thief's and the client's tokens alike.
    expect((await refreshWithCookie(gateway, rotated.refreshToken!)).status).toBe(401);
    const sid = sidOf(login.refreshToken);
    expect(await gateway.deps.store.sessions.getSession(sid, gateway.clock.now())).toBeNull();
    const warning = logger.lines.find((line) => line.message === 'refresh token reuse');
    expect(warning).toMatchObject({ level: 'warn', fields: { sid, sub: 'user-alice' } });
    const logged = JSON.stringify(logger.lines);
    for (const token of [login.refreshToken, rotated.refreshToken!]) {
      expect(logged).not.toContain(token.split('.')[2]);
    }
    // Logging in again starts a fresh session.
    const again = await loginAlice(gateway);
    expect((await refreshWithCookie(gateway, again.refreshToken)).status).toBe(200);
  });

  it('answers a replay within the grace window with the identical pair', async () => {
    const gateway = await spaGateway();
    const login = await loginAlice(gateway);
    const first = await refreshWithCookie(gateway, login.refreshToken);
    gateway.clock.advance(4 * SECOND);
    const second = await refreshWithCookie(gateway, login.refreshToken);
    expect(second.status).toBe(200);
    expect(second.refreshToken).toBe(first.refreshToken);
    expect(second.body.access_token).toBe(first.body.access_token);
    // expires_in counts down from the pair's own expiry.
    expect(second.body.expires_in).toBe(296);
    expect((await refreshWithCookie(gateway, second.refreshToken!)).status).toBe(200);
  });

  it('lets 10 parallel refreshes of one token converge on one rotation (memory store)', async () => {
    await expectParallelRefreshesConverge(await spaGateway());
  });

  it('keeps rotating: each token works once, then its successor', async () => {
    const gateway = await spaGateway();
    let { refreshToken } = await loginAlice(gateway);
    for (let i = 0; i < 5; i++) {
      gateway.clock.advance(MINUTE);
      const next = await refreshWithCookie(gateway, refreshToken);
      expect(next.status).toBe(200);
      refreshToken = next.refreshToken!;
    }
    const record = await gateway.deps.store.sessions.getSession(
      sidOf(refreshToken),
      gateway.clock.now(),
    );
    expect(record!.refresh.previous).toHaveLength(5);
  });

  it('fails after the idle expiry, and clears the cookie', async () => {
    const gateway = await spaGateway('sessions: { idleTtl: 10m }');
    const { refreshToken } = await loginAlice(gateway);
    gateway.clock.advance(10 * MINUTE);
    const late = await refreshWithCookie(gateway, refreshToken);
    expect(late.status).toBe(401);
    expect(cookieValue(late.setCookie)).toBe('');
  });

  it('extends the idle expiry on each refresh, but never past the absolute expiry', async () => {
    const gateway = await spaGateway('sessions: { idleTtl: 10m, absoluteTtl: 25m }');
    const start = gateway.clock.now();
    let { refreshToken } = await loginAlice(gateway);
    for (const at of [9, 18]) {
      gateway.clock.set(start + at * MINUTE);
      const next = await refreshWithCookie(gateway, refreshToken);
      expect(next.status, `refresh at ${at}m`).toBe(200);
      refreshToken = next.refreshToken!;
    }
    gateway.clock.set(start + 24 * MINUTE);
    const last = await refreshWithCookie(gateway, refreshToken);
    expect(last.status).toBe(200);
    expect(cookieAttributes(last.setCookie!)['max-age']).toBe('60');
    const record = await gateway.deps.store.sessions.getSession(
      sidOf(refreshToken),
      gateway.clock.now(),
    );
    expect(record!.idleExpiresAt).toBe(start + 25 * MINUTE);
    gateway.clock.set(start + 25 * MINUTE);
    expect((await refreshWithCookie(gateway, last.refreshToken!)).status).toBe(401);
  });

  it.each([
    ['a malformed token', 'not-a-refresh-token'],
    ['an unknown session', `v1.${'A'.repeat(22)}.${'B'.repeat(43)}`],
  ])('answers 401 and clears the cookie for %s', async (_name, token) => {
    const gateway = await spaGateway();
    const { status, body, setCookie } = await refreshWithCookie(gateway, token);
    expect(status).toBe(401);
    expect(body).toMatchObject({
      type: 'urn:gatehouse:problem:invalid-refresh-token',
      detail: 'the refresh token is invalid, expired or revoked',
    });
    expect(cookieValue(setCookie)).toBe('');
  });

  it('answers 401 for a forged secret and leaves the session usable', async () => {
    const gateway = await spaGateway();
    const { refreshToken } = await loginAlice(gateway);
    const forged = `v1.${sidOf(refreshToken)}.${'B'.repeat(43)}`;
    expect((await refreshWithCookie(gateway, forged)).status).toBe(401);
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(200);
  });

  it('answers 401 with no refresh token at all', async () => {
    const response = await postAuth(await spaGateway(), 'refresh', {
      origin: 'https://app.example.com',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      type: 'urn:gatehouse:problem:missing-refresh-token',
    });
  });

  it('takes the token from the body when allowed, and answers it in the body', async () => {
    const gateway = await spaGateway('sessions: { allowRefreshTokenInBody: true }');
    const login = await loginAlice(gateway, { refresh_token_in_body: true });
    const response = await postAuth(gateway, 'refresh', {
      bodyToken: login.body.refresh_token as string,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.refresh_token).toBe(cookieValue(response.headers.get('set-cookie')));
    expect(body.refresh_token).not.toBe(login.refreshToken);
  });

  it('answers 400 naming refresh_token for a body token when config does not allow it', async () => {
    const gateway = await spaGateway();
    const login = await loginAlice(gateway);
    const response = await postAuth(gateway, 'refresh', { bodyToken: login.refreshToken });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'refresh_token' });
    expect((await refreshWithCookie(gateway, login.refreshToken)).status).toBe(200);
  });

  it('answers other methods with 405 and Allow: POST', async () => {
    const response = await (await spaGateway()).app.request('/auth/refresh');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});
