import { jwtVerify, type JWTHeaderParameters, type JWTVerifyOptions } from 'jose';
import { invalidToken } from '../errors/errors.js';
import type { Clock } from '../lib/clock.js';
import type { AccessTokenClaims } from './access-token-claims.js';
import type { Keyring, SigningAlgorithm, SigningKey } from './keyring.js';
import { readAccessTokenClaims } from './read-access-token-claims.js';
import { tokenErrorFromJose } from './token-error-from-jose.js';
import { createVerifiedTokenCache } from './verified-token-cache.js';

/** Verifies access tokens. */
export interface AccessTokenVerifier {
  /** The verified claims; throws GatewayError (401 invalid_token) with fixed wording otherwise. */
  verify(token: string): Promise<AccessTokenClaims>;
}

/** Verifies access tokens statelessly, with a bounded cache of already-verified tokens. */
export function createAccessTokenVerifier(opts: {
  keyring: Keyring;
  issuer: string;
  audience: string | readonly string[];
  algorithms: readonly SigningAlgorithm[];
  clockToleranceMs: number;
  clock: Clock;
  cacheSize: number;
}): AccessTokenVerifier {
  const { keyring, clock } = opts;
  const options: JWTVerifyOptions = {
    // RFC 8725 §3.1: only the configured algorithms, whatever the header says.
    algorithms: [...opts.algorithms],
    // RFC 9068 §4: reject anything not typed at+jwt (ID tokens, other JWTs).
    typ: 'at+jwt',
    issuer: opts.issuer,
    audience: typeof opts.audience === 'string' ? opts.audience : [...opts.audience],
    clockTolerance: opts.clockToleranceMs / 1000,
    requiredClaims: ['sub', 'sid', 'jti', 'exp', 'iat'],
  };
  const cache =
    opts.cacheSize > 0
      ? createVerifiedTokenCache({
          maxEntries: opts.cacheSize,
          keyring,
          clockToleranceMs: opts.clockToleranceMs,
        })
      : undefined;
  return {
    async verify(token) {
      if (typeof token !== 'string' || token === '') throw invalidToken('malformed token');
      const hit = cache?.get(token, clock.now());
      if (hit !== undefined) return hit;
      const { claims, key } = await verifyWithJose(token, keyring, {
        ...options,
        currentDate: new Date(clock.now()),
      });
      cache?.set(token, claims, key);
      return claims;
    },
  };
}

async function verifyWithJose(
  token: string,
  keyring: Keyring,
  options: JWTVerifyOptions,
): Promise<{ claims: AccessTokenClaims; key: SigningKey }> {
  let used: SigningKey | undefined;
  // Only a known kid selects a key. jku, x5u, x5c and an embedded jwk are never read: a key
  // named by the token itself proves nothing (RFC 8725 §3.10).
  const resolveKey = (header: JWTHeaderParameters): CryptoKey => {
    const key = typeof header.kid === 'string' ? keyring.find(header.kid) : undefined;
    if (key === undefined) throw invalidToken('unknown signing key');
    if (key.alg !== header.alg) throw invalidToken('algorithm not allowed');
    used = key;
    return key.publicKey;
  };
  try {
    const { payload } = await jwtVerify(token, resolveKey, options);
    return { claims: readAccessTokenClaims(payload), key: used! };
  } catch (error) {
    throw tokenErrorFromJose(error);
  }
}
