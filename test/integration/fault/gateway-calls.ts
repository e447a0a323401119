import { expect } from 'vitest';

/** The password of each test user: the name twice (`alice-alice`). */
export const passwordOf = (username: string) => `${username}-${username}`;

/** A login's tokens and the claims the tests need. */
export interface LoggedIn {
  token: string;
  refreshToken: string;
  sid: string;
  jti: string;
  exp: number;
}

/** The gateway calls the fault tests make, over real HTTP. */
export interface GatewayCalls {
  /** Logs `username` in (200 expected), the refresh token in the body. */
  login(username: string): Promise<LoggedIn>;
  /** Answers `POST /auth/login`, whatever its status. */
  tryLogin(username: string): Promise<Response>;
  /** `POST /auth/refresh` with the token in the body. */
  refresh(refreshToken: string): Promise<Response>;
  /** A request with `Authorization: Bearer <token>`. */
  withToken(path: string, token: string, init?: RequestInit): Promise<Response>;
  /** An admin API call (`/admin<path>`) with the admin key; `body` sent as JSON. */
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  /** Polls `GET <path>` (with `token` if given) until it answers `status`; the last status seen. */
  untilStatus(path: string, status: number, ms: number, token?: string): Promise<number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls to the gateway at `url` (e.g. `http://127.0.0.1:8080`). */
export function gatewayCalls(url: string, adminAuthorization: string): GatewayCalls {
  const json = { 'content-type': 'application/json' };
  const tryLogin = (username: string) =>
    fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        username,
        password: passwordOf(username),
        refresh_token_in_body: true,
      }),
    });
  const withToken = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${token}` },
    });
  return {
    tryLogin,
    withToken,
    login: async (username) => {
      const response = await tryLogin(username);
      expect(response.status, `login ${username}`).toBe(200);
      const body = (await response.json()) as { access_token: string; refresh_token: string };
      const payload = Buffer.from(body.access_token.split('.')[1]!, 'base64url').toString();
      const { sid, jti, exp } = JSON.parse(payload) as { sid: string; jti: string; exp: number };
      return { token: body.access_token, refreshToken: body.refresh_token, sid, jti, exp };
    },
    refresh: (refreshToken) =>
      fetch(`${url}/auth/refresh`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ refresh_token: refreshToken }),
      }),
    admin: (method, path, body) =>
      fetch(`${url}/admin${path}`, {
        method,
        headers: { ...json, authorization: adminAuthorization },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
    untilStatus: async (path, status, ms, token) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const response = token ? await withToken(path, token) : await fetch(`${url}${path}`);
        await response.arrayBuffer();
        if (response.status === status || Date.now() > deadline) return response.status;
        await sleep(50);
      }
    },
  };
}
