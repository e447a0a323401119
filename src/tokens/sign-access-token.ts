import type { Clock } from '../lib/clock.js';
import type { Keyring } from './keyring.js';

export interface SignedAccessToken {
  token: string;
  jti: string;
  /** Seconds until expiry (the `expires_in` of RFC 6749 §5.1). */
  expiresIn: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export interface AccessTokenSigner {
  sign(input: {
    sub: string;
    sid: string;
    scope: readonly string[];
    claims?: Record<string, unknown>;
  }): Promise<SignedAccessToken>;
}

/** Signs at+jwt access tokens with the keyring's active key. */
export function createAccessTokenSigner(_opts: {
  keyring: Keyring;
  issuer: string;
  audience: string | readonly string[];
  accessTtlMs: number;
  clock: Clock;
}): AccessTokenSigner {
  throw new Error('unimplemented: helper T');
}
