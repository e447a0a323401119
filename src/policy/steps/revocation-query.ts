import type { RevocationQuery } from '../../store/revocation-log.js';
import type { Identity } from '../identity.js';

/** What a revocation check asks about a verified token: its sid, jti, sub and `iat` in ms. */
export function revocationQuery(identity: Identity): RevocationQuery {
  return {
    sid: identity.sid,
    jti: identity.jti,
    sub: identity.sub,
    issuedAt: identity.claims.iat * 1000,
  };
}
