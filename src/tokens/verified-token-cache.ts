import { invalidToken } from '../errors/errors.js';
import type { AccessTokenClaims } from './access-token-claims.js';
import type { Keyring, SigningKey } from '../keys/keyring.js';

/** Already-verified access tokens, keyed by the exact compact string. */
export interface VerifiedTokenCache {
  /**
   * The claims of a cached token, re-checked against `nowMs` and the keyring; undefined on a
   * miss. Throws invalidToken when the token has expired or its key left the keyring.
   */
  get(token: string, nowMs: number): AccessTokenClaims | undefined;
  /** Remembers a token that has just passed full verification. */
  set(token: string, claims: AccessTokenClaims, key: SigningKey): void;
  readonly size: number;
}

interface Entry {
  claims: AccessTokenClaims;
  key: SigningKey;
  /** First second (epoch) at which the token counts as expired, tolerance included. */
  expiredFrom: number;
  /** First second (epoch) at which it counts as valid, tolerance included. */
  validFrom: number;
}

/**
 * A bounded verified-token cache: a hit is one Map lookup, two comparisons and one keyring
 * lookup. Eviction is in insertion order (oldest first), so no work per hit.
 */
export function createVerifiedTokenCache(opts: {
  maxEntries: number;
  keyring: Keyring;
  clockToleranceMs: number;
}): VerifiedTokenCache {
  const entries = new Map<string, Entry>();
  const tolerance = opts.clockToleranceMs / 1000;
  return {
    get(token, nowMs) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      // Same arithmetic as jose (whole seconds, exp <= now - tolerance is expired).
      const now = Math.floor(nowMs / 1000);
      if (now >= entry.expiredFrom) {
        entries.delete(token);
        throw invalidToken('token expired', undefined, 'expired');
      }
      if (now < entry.validFrom)
        throw invalidToken('token not yet valid', undefined, 'not_yet_valid');
      const current = opts.keyring.find(entry.key.kid);
      // A key removed from the keyring takes its cached tokens with it.
      if (current === undefined) {
        entries.delete(token);
        throw invalidToken('unknown signing key', undefined, 'unknown_key');
      }
      // Same kid, another key object (a reloaded keyring): verify afresh rather than trust it.
      if (current !== entry.key) {
        entries.delete(token);
        return undefined;
      }
      return entry.claims;
    },
    set(token, claims, key) {
      if (!entries.has(token) && entries.size >= opts.maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(token, {
        claims,
        key,
        expiredFrom: claims.exp + tolerance,
        validFrom: claims.nbf - tolerance,
      });
    },
    get size() {
      return entries.size;
    },
  };
}
