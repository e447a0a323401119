import { flattenedVerify } from 'jose';
import { invalidToken } from '../errors/errors.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { Clock } from '../lib/clock.js';
import {
  noopMetrics,
  type Metrics,
  type TokenVerificationResult,
} from '../observability/metrics.js';
import { type AccessTokenClaims, checkRegisteredClaims } from './access-token-claims.js';
import type { Keyring, SigningAlgorithm, SigningKey } from '../keys/keyring.js';
import { decodeJsonObject, parseToken, splitToken, type ParsedToken } from './parsed-token.js';
import { tokenErrorFromJose } from './token-error-from-jose.js';
import { createVerifiedTokenCache, type VerifiedTokenCache } from './verified-token-cache.js';

/** Verifies access tokens. */
export interface AccessTokenVerifier {
  /** The verified claims; throws GatewayError (401 invalid_token) with fixed wording otherwise. */
  verify(token: string): Promise<AccessTokenClaims>;
}

/** What every access-token verifier is built from (the gateway passes its config and keyring). */
export interface AccessTokenVerifierOptions {
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
  /** Counts verifications by result, and cache hits, misses and evictions. */
  metrics?: Metrics;
}

/** Builds a verifier: the jose one (portable) or a runtime's own (the Node adapter's). */
export type AccessTokenVerifierFactory = (opts: AccessTokenVerifierOptions) => AccessTokenVerifier;

/**
 * The one step the verifiers differ in: checks the signature of `parsed` with `key` (whose alg is
 * `parsed.alg`), throwing invalidToken('bad signature') when it does not verify. May return a
 * promise (Web Crypto); a synchronous check returns undefined.
 */
export type SignatureCheck = (parsed: ParsedToken, key: SigningKey) => void | Promise<void>;

/** Verifies access tokens with jose (Web Crypto), with a bounded cache of verified tokens. */
export const createAccessTokenVerifier: AccessTokenVerifierFactory = (opts) =>
  createVerifierWith(joseSignatureCheck, opts);

/** jose's flattened JWS verify on the already-split segments: the portable signature step. */
const joseSignatureCheck: SignatureCheck = async (parsed, key) => {
  const [protectedHeader] = parsed.signingInput.split('.', 1);
  try {
    await flattenedVerify(
      { protected: protectedHeader!, payload: parsed.payload, signature: parsed.signature },
      key.publicKey,
      { algorithms: [key.alg] },
    );
  } catch (error) {
    throw tokenErrorFromJose(error);
  }
};

/**
 * The verification pipeline every verifier shares, in jose's compact-verify order: canonical
 * segments, the cache, the header (crit, alg), the key by kid (with one reload for an unknown
 * kid), the signature (`checkSignature`), then the payload and its registered claims.
 */
export function createVerifierWith(
  checkSignature: SignatureCheck,
  opts: AccessTokenVerifierOptions,
): AccessTokenVerifier {
  const { keyring, clock, refreshKeys } = opts;
  const metrics = opts.metrics ?? noopMetrics;
  const audience = typeof opts.audience === 'string' ? [opts.audience] : [...opts.audience];
  const clockTolerance = opts.clockToleranceMs / 1000;
  const cache =
    opts.cacheSize > 0
      ? createVerifiedTokenCache({
          maxEntries: opts.cacheSize,
          keyring,
          clockToleranceMs: opts.clockToleranceMs,
          onEvict: () => metrics.verifiedTokenCacheEviction(),
        })
      : undefined;
  // RFC 8725 §3.1: only the configured algorithms, whatever the header says.
  const algorithms = () => opts.algorithms ?? algorithmsOf(keyring);
  const verify = async (token: string): Promise<AccessTokenClaims> => {
    // A cached token is the exact string of one that passed every check, its canonical spelling
    // included, so a hit needs no parsing; a miss is counted once the token is known well-formed.
    if (cache && typeof token === 'string') {
      const hit = lookUp(cache, token, clock.now(), metrics);
      if (hit !== undefined) return hit;
    }
    const parts = splitToken(token);
    if (cache) metrics.verifiedTokenCacheLookup('miss');
    let parsed = parseToken(token, parts, algorithms());
    let key = keyFor(parsed, keyring);
    if (key instanceof GatewayError) {
      // Only a string kid can name a key that another instance has and this one lacks.
      if (!refreshKeys || typeof parsed.header.kid !== 'string') throw key;
      await refreshKeys();
      parsed = parseToken(token, parts, algorithms());
      key = keyFor(parsed, keyring);
      if (key instanceof GatewayError) throw key;
    }
    const pending = checkSignature(parsed, key);
    if (pending !== undefined) await pending;
    const payload = decodeJsonObject(parsed.payload);
    if (payload === undefined) throw invalidToken('malformed token', undefined, 'malformed');
    const claims = checkRegisteredClaims(parsed.header, payload, {
      issuer: opts.issuer,
      audience,
      clockTolerance,
      now: Math.floor(clock.now() / 1000),
    });
    cache?.set(token, claims, key);
    return claims;
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
 * The keyring's key for the token's kid, pinned to its own algorithm; the refusal otherwise.
 * Only a known kid selects a key: jku, x5u, x5c and an embedded jwk are never read, since a key
 * named by the token itself proves nothing (RFC 8725 §3.10).
 */
function keyFor(parsed: ParsedToken, keyring: Keyring): SigningKey | GatewayError {
  const { kid } = parsed.header;
  const key = typeof kid === 'string' ? keyring.find(kid) : undefined;
  if (key === undefined) return invalidToken('unknown signing key', undefined, 'unknown_key');
  if (key.alg !== parsed.alg) {
    return invalidToken('algorithm not allowed', undefined, 'algorithm_not_allowed');
  }
  return key;
}

/** The cached claims of `token`, counting a hit: a cached refusal is a hit too. */
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
  if (hit !== undefined) metrics.verifiedTokenCacheLookup('hit');
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
