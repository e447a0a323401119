import type { JWTPayload } from 'jose';
import { invalidToken } from '../errors/errors.js';
import type { TokenVerificationResult } from '../observability/metrics.js';

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
 * iss, aud, iat, exp and nbf have already been checked (checkRegisteredClaims).
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

/** What the registered claims of an access token are checked against. */
export interface ClaimChecks {
  issuer: string;
  audience: readonly string[];
  /** Seconds, possibly fractional (jose's `clockTolerance`). */
  clockTolerance: number;
  /** Epoch seconds, whole (jose's `currentDate` arithmetic). */
  now: number;
}

// RFC 9068 §2.2: present on every access token the gateway signs (nbf is optional).
const REQUIRED = ['iss', 'aud', 'iat', 'exp', 'jti', 'sid', 'sub'] as const;

const refuse = (detail: string, reason: TokenVerificationResult, claim: string) =>
  invalidToken(detail, { claim }, reason);

/**
 * The checks jose's jwtVerify makes on a verified payload, in its order and with the wording the
 * gateway has always given: `typ` at+jwt (RFC 9068 §4; case-insensitive, `application/` optional),
 * required claims, iss, aud, then iat/nbf/exp as numbers with the clock tolerance (RFC 7519 §4.1).
 */
export function checkRegisteredClaims(
  header: Readonly<Record<string, unknown>>,
  payload: JWTPayload,
  checks: ClaimChecks,
): AccessTokenClaims {
  if (typeof header.typ !== 'string' || normalizeTyp(header.typ) !== 'application/at+jwt') {
    throw refuse('wrong token type', 'invalid_claims', 'typ');
  }
  for (const claim of REQUIRED) {
    if (!Object.hasOwn(payload, claim)) {
      throw refuse('missing or invalid claims', 'invalid_claims', claim);
    }
  }
  if (payload.iss !== checks.issuer) throw refuse('wrong issuer', 'invalid_claims', 'iss');
  if (!hasAudience(payload.aud, checks.audience)) {
    throw refuse('wrong audience', 'invalid_claims', 'aud');
  }
  const { now, clockTolerance } = checks;
  if (typeof payload.iat !== 'number')
    throw refuse('missing or invalid claims', 'invalid_claims', 'iat');
  const { nbf, exp } = payload;
  if (nbf !== undefined) {
    if (typeof nbf !== 'number') throw refuse('missing or invalid claims', 'invalid_claims', 'nbf');
    if (nbf > now + clockTolerance) throw refuse('token not yet valid', 'not_yet_valid', 'nbf');
  }
  if (typeof exp !== 'number') throw refuse('missing or invalid claims', 'invalid_claims', 'exp');
  if (exp <= now - clockTolerance) throw refuse('token expired', 'expired', 'exp');
  return readAccessTokenClaims(payload);
}

function normalizeTyp(value: string): string {
  const lower = value.toLowerCase();
  return value.includes('/') ? lower : `application/${lower}`;
}

function hasAudience(aud: unknown, accepted: readonly string[]): boolean {
  if (typeof aud === 'string') return accepted.includes(aud);
  return Array.isArray(aud) && accepted.some((one) => aud.includes(one));
}
