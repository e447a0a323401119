import type { AccessTokenClaims } from '../tokens/access-token-claims.js';

/** Who a request comes from, once its access token is verified. */
export interface Identity {
  sub: string;
  sid: string;
  /** Scope tokens granted by the access token. */
  scope: readonly string[];
  jti: string;
  /** Expiry of the access token, seconds since the epoch. */
  exp: number;
  claims: AccessTokenClaims;
}
