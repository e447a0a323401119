import { SignJWT } from 'jose';
import type { Clock } from '../lib/clock.js';
import { randomToken } from '../lib/crypto.js';
import type { Keyring } from '../keys/keyring.js';

/** Longest lifetime of an upstream assertion (`exp - iat`), seconds (README "signed assertions"). */
export const ASSERTION_TTL_SECONDS = 60;

/** How long one signed assertion is reused for the same token, method and path. */
export const ASSERTION_REUSE_MS = 5_000;

/** RFC 8725 §3.11 explicit typing: an assertion is never taken for an access token (at+jwt). */
export const ASSERTION_TYPE = 'gatehouse-assertion+jwt';

/** What one assertion states: who (from the verified access token), for which route and request. */
export interface AssertionInput {
  /** `aud`: the route's name, else its upstream origin. */
  audience: string;
  identity: {
    sub: string;
    sid: string;
    scope: readonly string[];
    /** The access token's jti (part of the reuse key, never sent). */
    jti: string;
    /** The access token's expiry, seconds: the assertion never outlives it. */
    exp: number;
  };
  /** `htm`: the request method. */
  method: string;
  /** `path`: the normalised path and query the client requested. */
  path: string;
}

/** Signs X-Auth-Assertion JWTs for routes with `assertion: true`. */
export interface AssertionSigner {
  sign(input: AssertionInput): Promise<string>;
}

/**
 * Signs assertions with the keyring's active key (verifiable through the gateway's JWKS):
 * header `{alg, kid, typ}`, claims iss, aud, sub, sid, scope, jti, htm, path, iat, exp (at most
 * 60 s after iat, never after the access token's exp). Signing costs ~60-400 µs (EdDSA..RS256),
 * so the same (key, audience, token, method, path) reuses its assertion for up to 5 s, in a
 * bounded cache (oldest entry out first; 0 disables it).
 */
export function createAssertionSigner(opts: {
  keyring: Keyring;
  issuer: string;
  clock: Clock;
  cacheSize?: number;
}): AssertionSigner {
  const cacheSize = opts.cacheSize ?? 4096;
  const cache = new Map<string, { token: string; reuseUntil: number; exp: number }>();
  return {
    async sign(input) {
      const key = opts.keyring.active; // read per call: rotation swaps the active key
      const now = opts.clock.now();
      const { identity } = input;
      const cacheKey = [key.kid, input.audience, identity.jti, input.method, input.path].join(
        '\u0000',
      );
      const hit = cache.get(cacheKey);
      if (hit && now < hit.reuseUntil && now < hit.exp * 1000) return hit.token;
      const iat = Math.floor(now / 1000);
      const exp = Math.min(iat + ASSERTION_TTL_SECONDS, identity.exp);
      const token = await new SignJWT({
        iss: opts.issuer,
        aud: input.audience,
        sub: identity.sub,
        sid: identity.sid,
        scope: identity.scope.join(' '),
        jti: randomToken(16),
        htm: input.method,
        path: input.path,
        iat,
        exp,
      })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ASSERTION_TYPE })
        .sign(key.privateKey);
      if (cacheSize > 0) {
        cache.delete(cacheKey);
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
        cache.set(cacheKey, { token, reuseUntil: now + ASSERTION_REUSE_MS, exp });
      }
      return token;
    },
  };
}
