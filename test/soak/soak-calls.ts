import type { Call } from './soak-http.js';
import { REFRESH_COOKIE, type SoakSession } from './soak-session.js';

/** The SPA's origin, allowed by the gateway's CORS/CSRF check for cookie refresh and logout. */
export const APP_ORIGIN = 'https://app.soak.test';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const cookie = (s: SoakSession) => ({
  cookie: `${REFRESH_COOKIE}=${s.refresh}`,
  origin: APP_ORIGIN,
});
const admin = (key: string) => bearer(key);

/** The requests of the soak mix, as the SPA and an operator send them. */
export const soakCalls = {
  login: (username: string, password: string): Call => ({
    method: 'POST',
    path: '/auth/login',
    json: { username, password },
  }),
  refresh: (s: SoakSession): Call => ({
    method: 'POST',
    path: '/auth/refresh',
    headers: cookie(s),
  }),
  logout: (s: SoakSession): Call => ({ method: 'POST', path: '/auth/logout', headers: cookie(s) }),
  /** A proxied route: /pub (public), /tok (token), /ses (session), /ctx (context). */
  route: (prefix: string, s?: SoakSession): Call => ({
    method: 'GET',
    path: `${prefix}/item`,
    headers: s ? bearer(s.access) : {},
  }),
  sessionInfo: (s: SoakSession): Call => ({
    method: 'GET',
    path: '/auth/session',
    headers: bearer(s.access),
  }),
  contextGet: (s: SoakSession): Call => ({
    method: 'GET',
    path: '/auth/session/context',
    headers: bearer(s.access),
  }),
  contextPut: (s: SoakSession, value: unknown): Call => ({
    method: 'PUT',
    path: '/auth/session/context',
    headers: { ...bearer(s.access), 'if-match': `"${s.etag}"` },
    json: value,
  }),
  adminList: (key: string, sub: string): Call => ({
    method: 'GET',
    path: `/admin/users/${encodeURIComponent(sub)}/sessions`,
    headers: admin(key),
  }),
  adminGet: (key: string, sid: string): Call => ({
    method: 'GET',
    path: `/admin/sessions/${sid}`,
    headers: admin(key),
  }),
  adminRevokeSession: (key: string, sid: string): Call => ({
    method: 'DELETE',
    path: `/admin/sessions/${sid}`,
    headers: admin(key),
  }),
  adminRevokeToken: (key: string, s: SoakSession): Call => ({
    method: 'POST',
    path: '/admin/revocations',
    headers: admin(key),
    json: { jti: s.jti, exp: s.exp },
  }),
  adminRevokeUser: (key: string, sub: string): Call => ({
    method: 'DELETE',
    path: `/admin/users/${encodeURIComponent(sub)}/sessions`,
    headers: admin(key),
  }),
  readyz: (): Call => ({ method: 'GET', path: '/readyz' }),
};
