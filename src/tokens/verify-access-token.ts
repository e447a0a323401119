import { jwtVerify, type JWTHeaderParameters, type JWTVerifyOptions } from 'jose';
import { invalidToken } from '../errors/errors.js';
import { GatewayError } from '../errors/gateway-error.js';
import { isCanonicalBase64url } from '../lib/base64url.js';
import type { Clock } from '../lib/clock.js';
import {
  noopMetrics,
  type Metrics,
  type TokenVerificationResult,
} from '../observability/metrics.js';
import { type AccessTokenClaims, readAccessTokenClaims } from './access-token-claims.js';
import type { Keyring, SigningAlgorithm, SigningKey } from '../keys/keyring.js';
import { tokenErrorFromJose } from './token-error-from-jose.js';
import { createVerifiedTokenCache, type VerifiedTokenCache } from './verified-token-cache.js';

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
  /** Accepted algorithms; by default those of the keyring's keys, read per verification. */
  algorithms?: readonly SigningAlgorithm[];
  clockToleranceMs: number;
  clock: Clock;
  cacheSize: number;
  /**
   * Called once when a token names a kid the keyring does not know, before verifying it again:
   * the key may have just become active on another instance (README "Tokens and keys", rotation).
   */
  refreshKeys?: () => Promise<void>;
  /** Counts verifications by result, and cache hits and misses. */
  metrics?: Metrics;
}): AccessTokenVerifier {
  const { keyring, clock, refreshKeys } = opts;
  const metrics = opts.metrics ?? noopMetrics;
  const options: JWTVerifyOptions = {
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
  const verify = async (token: string): Promise<AccessTokenClaims> => {
    if (typeof token !== 'string' || token === '' || !isCanonicalSpelling(token)) {
      throw invalidToken('malformed token', undefined, 'malformed');
    }
    if (cache) {
      const hit = lookUp(cache, token, clock.now(), metrics);
      if (hit !== undefined) return hit;
    }
    const verifyOnce = () =>
      verifyWithJose(token, keyring, {
        ...options,
        // RFC 8725 §3.1: only the configured algorithms, whatever the header says.
        algorithms: [...(opts.algorithms ?? algorithmsOf(keyring))],
        currentDate: new Date(clock.now()),
      });
    let verified = await verifyOnce();
    if ('unknownKid' in verified) {
      if (!refreshKeys) throw verified.unknownKid;
      await refreshKeys();
      verified = await verifyOnce();
      if ('unknownKid' in verified) throw verified.unknownKid;
    }
    cache?.set(token, verified.claims, verified.key);
    return verified.claims;
  };
  return {
    async verify(token) {
      try {
        const claims = await verify(token);
        metrics.tokenVerification('ok');
        return claims;
      } catch (error) {
        metrics.tokenVerification(resultOf(error));
        throw error;
      }
    },
  };
}

/**
 * One token, one string: every segment must be canonical base64url before the cache or jose sees
 * it, so a signature with `==` appended or other trailing bits is not a second spelling of a
 * verified token (and the cache and logs keyed by the token see one string per token).
 */
function isCanonicalSpelling(token: string): boolean {
  return token.split('.').every(isCanonicalBase64url);
}

/** The cached claims of `token`, counting the lookup: a cached refusal is a hit too. */
function lookUp(
  cache: VerifiedTokenCache,
  token: string,
  now: number,
  metrics: Metrics,
): AccessTokenClaims | undefined {
  let hit: AccessTokenClaims | undefined;
  try {
    hit = cache.get(token, now);
  } catch (error) {
    metrics.verifiedTokenCacheLookup('hit');
    throw error;
  }
  metrics.verifiedTokenCacheLookup(hit === undefined ? 'miss' : 'hit');
  return hit;
}

/**
 * The metric label of a failure: the reason the tokens code gave its refusal (every refusal here
 * has one), or `error` when the verifier itself failed (reloading keys from the store).
 */
function resultOf(error: unknown): TokenVerificationResult {
  if (!(error instanceof GatewayError)) return 'error';
  return (error.reason as TokenVerificationResult | undefined) ?? 'malformed';
}

/** The algorithms of the keyring's keys (the active one and every retired one still verifying). */
function algorithmsOf(keyring: Keyring): SigningAlgorithm[] {
  return [...new Set(keyring.jwks().keys.map((jwk) => jwk.alg as SigningAlgorithm))];
}

/** Verified claims and their key, or the error for a kid the keyring does not know (yet). */
type JoseOutcome = { claims: AccessTokenClaims; key: SigningKey } | { unknownKid: GatewayError };

async function verifyWithJose(
  token: string,
  keyring: Keyring,
  options: JWTVerifyOptions,
): Promise<JoseOutcome> {
  let used: SigningKey | undefined;
  let unknownKid: GatewayError | undefined;
  // Only a known kid selects a key. jku, x5u, x5c and an embedded jwk are never read: a key
  // named by the token itself proves nothing (RFC 8725 §3.10).
  const resolveKey = (header: JWTHeaderParameters): CryptoKey => {
    const key = typeof header.kid === 'string' ? keyring.find(header.kid) : undefined;
    if (key === undefined) {
      // Only a string kid can name a key that another instance has and this one lacks.
      const error = invalidToken('unknown signing key', undefined, 'unknown_key');
      if (typeof header.kid === 'string') unknownKid = error;
      throw error;
    }
    if (key.alg !== header.alg) {
      throw invalidToken('algorithm not allowed', undefined, 'algorithm_not_allowed');
    }
    used = key;
    return key.publicKey;
  };
  try {
    const { payload } = await jwtVerify(token, resolveKey, options);
    return { claims: readAccessTokenClaims(payload), key: used! };
  } catch (error) {
    if (unknownKid !== undefined && error === unknownKid) return { unknownKid };
    throw tokenErrorFromJose(error);
  }
}
