import type { JWTPayload } from 'jose';
import { invalidToken } from '../errors/errors.js';

/** The verified identity carried by an access token (README "Tokens and keys", RFC 9068 §2.2). */
export interface AccessTokenClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
  /** Space-separated, as in the token (RFC 8693 §4.2). */
  scope: string;
  [claim: string]: unknown;
}

/**
 * Claims the gateway owns; extra claims (from a login source or an admin) may never set them.
 * `cnf` would bind the token to a key (RFC 7800), `act` would claim delegation (RFC 8693 §4.1),
 * `typ` belongs to the header.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'aud',
  'sub',
  'sid',
  'jti',
  'iat',
  'nbf',
  'exp',
  'scope',
  'cnf',
  'act',
  'typ',
  '__proto__',
]);

/**
 * Checks the claim types jose leaves to the caller (sub, sid, jti non-empty strings; scope a
 * string) and returns frozen claims with `scope` defaulting to '' and `nbf` to `iat`.
 * iss, aud, iat, exp and nbf have already been checked by jwtVerify.
 */
export function readAccessTokenClaims(payload: JWTPayload): AccessTokenClaims {
  const { sub, sid, jti, scope } = payload;
  if (!isNonEmptyString(sub) || !isNonEmptyString(sid) || !isNonEmptyString(jti)) {
    throw invalidToken('missing or invalid claims', undefined, 'invalid_claims');
  }
  if (scope !== undefined && typeof scope !== 'string') {
    throw invalidToken('missing or invalid claims', undefined, 'invalid_claims');
  }
  const claims = { ...payload, sub, sid, jti, scope: scope ?? '', nbf: payload.nbf ?? payload.iat };
  // Cached claims are shared between requests: freezing them keeps one caller from editing
  // what the next one sees.
  if (Array.isArray(claims.aud)) Object.freeze(claims.aud);
  return Object.freeze(claims) as AccessTokenClaims;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
