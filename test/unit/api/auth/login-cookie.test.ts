import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../src/lib/crypto.js';
import { testGateway } from '../../../helpers/test-gateway.js';
import { oneUserSource, postLogin, verifierOf } from './login-fixtures.js';
import { cookieAttributes, cookieValue, COOKIE, loginAlice, sidOf } from './refresh-fixtures.js';

const OK = { username: 'alice', password: 'pw-alice' };
const gatewayWith = (yaml = '') => testGateway(yaml, { identitySources: [oneUserSource().source] });

describe('POST /auth/login refresh token', () => {
  it('sets a __Host- cookie: HttpOnly, Secure, SameSite=Strict, Path=/, Max-Age = absolute TTL', async () => {
    const response = await postLogin(await gatewayWith(), OK);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie.startsWith(`${COOKIE}=v1.`)).toBe(true);
    expect(cookieAttributes(setCookie)).toEqual({
      'max-age': String(7 * 24 * 3600),
      path: '/',
      httponly: '',
      secure: '',
      samesite: 'Strict',
    });
    // RFC 6265bis §4.1.3.2: a __Host- cookie must not name a Domain.
    expect(setCookie).not.toMatch(/domain=|expires=/i);
  });

  it('sets the cookie with sessions.cookie.name and the absolute TTL as Max-Age', async () => {
    const gateway = await gatewayWith('sessions: { cookie: { name: sid }, absoluteTtl: 2h }');
    const setCookie = (await postLogin(gateway, OK)).headers.get('set-cookie')!;
    expect(setCookie.startsWith('__Host-sid=v1.')).toBe(true);
    expect(cookieAttributes(setCookie)['max-age']).toBe('7200');
  });

  it('drops __Host- and Secure in insecureDevMode, keeping HttpOnly and SameSite=Strict', async () => {
    const gateway = await gatewayWith('sessions: { cookie: { insecureDevMode: true } }');
    const setCookie = (await postLogin(gateway, OK)).headers.get('set-cookie')!;
    expect(setCookie.startsWith('gatehouse-refresh=v1.')).toBe(true);
    expect(cookieAttributes(setCookie)).toEqual({
      'max-age': String(7 * 24 * 3600),
      path: '/',
      httponly: '',
      samesite: 'Strict',
    });
  });

  it('puts a v1.<sid>.<secret> token in the cookie for the session of the access token', async () => {
    const gateway = await gatewayWith();
    const { refreshToken, accessToken } = await loginAlice(gateway);
    expect(refreshToken).toMatch(/^v1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    const claims = await verifierOf(gateway).verify(accessToken);
    expect(sidOf(refreshToken)).toBe(claims.sid);
    const stored = (await gateway.deps.store.sessions.getSession(claims.sid, gateway.clock.now()))!;
    const secret = refreshToken.split('.')[2]!;
    expect(stored.refresh.hash).toBe(await sha256Hex(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('keeps the refresh token out of the body unless asked', async () => {
    const gateway = await gatewayWith('sessions: { allowRefreshTokenInBody: true }');
    const { body } = await loginAlice(gateway);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    const declined = await loginAlice(gateway, { refresh_token_in_body: false });
    expect(declined.body).not.toHaveProperty('refresh_token');
  });

  it('puts the refresh token in the body too when asked and allowed', async () => {
    const gateway = await gatewayWith('sessions: { allowRefreshTokenInBody: true }');
    const { body, refreshToken } = await loginAlice(gateway, { refresh_token_in_body: true });
    expect(body.refresh_token).toBe(refreshToken);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
  });

  it('accepts refresh_token_in_body: false when the body is not allowed to carry it', async () => {
    const response = await postLogin(await gatewayWith(), { ...OK, refresh_token_in_body: false });
    expect(response.status).toBe(200);
    expect(cookieValue(response.headers.get('set-cookie'))).toMatch(/^v1\./);
  });

  it('sets no cookie on a failed login', async () => {
    const response = await postLogin(await gatewayWith(), { ...OK, password: 'wrong' });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('stores the identity context as the session initial context', async () => {
    const context = { wizard: { step: 1 } };
    const { source } = oneUserSource({ sub: 'u', scope: [], claims: {}, context });
    const gateway = await testGateway('', { identitySources: [source] });
    const { accessToken } = await loginAlice(gateway);
    const { sid } = await verifierOf(gateway).verify(accessToken);
    expect(
      (await gateway.deps.store.sessions.getContext(sid, gateway.clock.now()))?.context ?? null,
    ).toMatchObject({
      version: 1,
      data: JSON.stringify(context),
    });
  });
});
