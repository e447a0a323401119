import { expect } from 'vitest';
import { testGateway, type TestGateway } from '../../../helpers/test-gateway.js';
import { oneUserSource, postLogin } from './login-fixtures.js';

/** The SPA's origin, allowed by SPA_CONFIG. */
export const ORIGIN = 'https://app.example.com';
/** Config for a SPA at ORIGIN (YAML flow mapping; add more sections after a newline). */
export const SPA_CONFIG = `cors: { allowedOrigins: ['${ORIGIN}'] }`;
/** The refresh cookie's name with the default `sessions.cookie.name`. */
export const COOKIE = '__Host-gatehouse-refresh';

/** The value a Set-Cookie header gives `name` ('' when it clears it). */
export function cookieValue(setCookie: string | null, name = COOKIE): string {
  expect(setCookie, 'Set-Cookie').not.toBeNull();
  const [pair] = setCookie!.split(';');
  const eq = pair!.indexOf('=');
  expect(pair!.slice(0, eq)).toBe(name);
  return pair!.slice(eq + 1);
}

/** The attributes of a Set-Cookie header, lower-cased names: `{ 'max-age': '60', httponly: '' }`. */
export function cookieAttributes(setCookie: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const part of setCookie.split(';').slice(1)) {
    const [name, value = ''] = part.trim().split('=');
    attributes[name!.toLowerCase()] = value;
  }
  return attributes;
}

/** A test gateway for SPA tests: alice can log in; `yaml` is appended to SPA_CONFIG. */
export async function spaGateway(
  yaml = '',
  overrides: Parameters<typeof testGateway>[1] = {},
): Promise<TestGateway> {
  return testGateway(`${SPA_CONFIG}\n${yaml}`, {
    identitySources: [oneUserSource().source],
    ...overrides,
  });
}

export interface LoggedIn {
  accessToken: string;
  /** From the cookie. */
  refreshToken: string;
  setCookie: string;
  body: Record<string, unknown>;
}

/** Logs alice in (200 expected) and returns her tokens. */
export async function loginAlice(gateway: TestGateway, extra: object = {}): Promise<LoggedIn> {
  const response = await postLogin(gateway, { username: 'alice', password: 'pw-alice', ...extra });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie')!;
  const body = (await response.json()) as Record<string, unknown>;
  return {
    accessToken: body.access_token as string,
    refreshToken: cookieValue(setCookie),
    setCookie,
    body,
  };
}

/** How to present a refresh token to refresh or logout. */
export interface Presenting {
  /** Sent as the cookie. */
  cookie?: string;
  /** Sent as `{refresh_token}` in a JSON body. */
  bodyToken?: string;
  /** A raw JSON body (text) instead. */
  body?: string;
  /** Origin header; defaults to ORIGIN when a cookie is sent; null sends none. */
  origin?: string | null;
  referer?: string;
  headers?: Record<string, string>;
}

/** POSTs to `<authPrefix>/<endpoint>` presenting tokens as asked. */
export async function postAuth(
  gateway: TestGateway,
  endpoint: 'refresh' | 'logout',
  presenting: Presenting = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...presenting.headers };
  if (presenting.cookie !== undefined) headers.cookie = `${COOKIE}=${presenting.cookie}`;
  const origin =
    presenting.origin === undefined && presenting.cookie !== undefined ? ORIGIN : presenting.origin;
  if (origin) headers.origin = origin;
  if (presenting.referer) headers.referer = presenting.referer;
  let body: string | undefined = presenting.body;
  if (presenting.bodyToken !== undefined)
    body = JSON.stringify({ refresh_token: presenting.bodyToken });
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  return gateway.app.request(`/auth/${endpoint}`, { method: 'POST', headers, body });
}

/** Refreshes with the cookie from ORIGIN; returns the response and, on 200, the new tokens. */
export async function refreshWithCookie(gateway: TestGateway, token: string) {
  const response = await postAuth(gateway, 'refresh', { cookie: token });
  const setCookie = response.headers.get('set-cookie');
  const body = (await response.json()) as Record<string, unknown>;
  return {
    response,
    status: response.status,
    body,
    setCookie,
    refreshToken: response.status === 200 ? cookieValue(setCookie) : undefined,
  };
}

/** The sid inside a refresh token `v1.<sid>.<secret>`. */
export const sidOf = (refreshToken: string) => refreshToken.split('.')[1]!;

/**
 * Ten refreshes of one token at once (two tabs, many times over) must all succeed, return one and
 * the same successor pair, rotate exactly once, and leave the session valid. Run against every
 * store.
 */
export async function expectParallelRefreshesConverge(gateway: TestGateway): Promise<void> {
  const { refreshToken } = await loginAlice(gateway);
  const results = await Promise.all(
    Array.from({ length: 10 }, () => refreshWithCookie(gateway, refreshToken)),
  );
  expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
  const successors = new Set(results.map((r) => r.refreshToken));
  expect(successors.size).toBe(1);
  expect(new Set(results.map((r) => r.body.access_token)).size).toBe(1);
  const [successor] = [...successors] as [string];
  expect(successor).not.toBe(refreshToken);

  const record = await gateway.deps.store.sessions.getSession(
    sidOf(refreshToken),
    gateway.clock.now(),
  );
  expect(record!.refresh.previous).toHaveLength(1);
  expect((await refreshWithCookie(gateway, successor)).status).toBe(200);
}
