import type { JWTPayload } from 'jose';
import { invalidToken } from '../errors/errors.js';
import type { AccessTokenClaims } from './access-token-claims.js';

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
