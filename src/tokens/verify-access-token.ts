import type { Clock } from '../lib/clock.js';
import type { AccessTokenClaims } from './access-token-claims.js';
import type { Keyring, SigningAlgorithm } from './keyring.js';

export interface AccessTokenVerifier {
  /** The verified claims; throws GatewayError (401 invalid_token) with fixed wording otherwise. */
  verify(token: string): Promise<AccessTokenClaims>;
}

/** Verifies access tokens statelessly, with a bounded cache of already-verified tokens. */
export function createAccessTokenVerifier(_opts: {
  keyring: Keyring;
  issuer: string;
  audience: string | readonly string[];
  algorithms: readonly SigningAlgorithm[];
  clockToleranceMs: number;
  clock: Clock;
  cacheSize: number;
}): AccessTokenVerifier {
  throw new Error('unimplemented: helper T');
}
