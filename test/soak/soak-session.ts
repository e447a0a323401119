import type { Credential } from './revocation-registry.js';
import type { Reply } from './soak-http.js';

/** The refresh cookie's name (not insecureDevMode, so `__Host-`). */
export const REFRESH_COOKIE = '__Host-gatehouse-refresh';

/** A session as its client holds it: the latest acknowledged access and refresh tokens. */
export interface SoakSession extends Credential {
  access: string;
  /** The access token's `exp` (seconds). */
  exp: number;
  refresh: string;
  /** The context version the client last saw. */
  etag: number;
  /** A context write whose answer was lost: the stored version may be ahead of `etag`. */
  ambiguousWrite: boolean;
}

function claims(token: string): { sid: string; sub: string; jti: string; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

function cookieValue(setCookie: string | undefined): string {
  const match = new RegExp(`(?:^|\\n)${REFRESH_COOKIE}=([^;]+)`).exec(setCookie ?? '');
  if (!match) throw new Error('no refresh cookie in the answer');
  return match[1]!;
}

/**
 * The session a 200 login or refresh answered with. `previous` (refresh) keeps the login times
 * and the context state; a login starts at context version 0.
 */
export function readSession(reply: Reply, previous?: SoakSession): SoakSession {
  const { access_token: access } = JSON.parse(reply.body) as { access_token: string };
  const { sid, sub, jti, exp } = claims(access);
  const refresh = cookieValue(reply.headers['set-cookie']);
  const login = previous ?? {
    loginStartedAt: reply.startedAt,
    loginEndedAt: reply.endedAt,
    etag: 0,
    ambiguousWrite: false,
  };
  return { ...login, sid, sub, jti, exp, access, refresh };
}
