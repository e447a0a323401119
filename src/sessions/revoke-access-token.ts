import type { Clock } from '../lib/clock.js';
import { forgetAt, type TokenLifetimes } from '../revocation/forget-at.js';
import type { RevocationLog } from '../store/revocation-log.js';
import { storeCall } from './store-call.js';

/** What revoking one access token needs; GatewayDeps satisfies it. */
export interface RevokeAccessTokenDeps {
  revocationLog: Pick<RevocationLog, 'publishRevocation'>;
  clock: Clock;
  config: { tokens: TokenLifetimes };
}

/** How a jti revocation ended: published, or refused because of the `exp` given. */
export type RevokeAccessTokenOutcome = 'revoked' | 'already-expired' | 'beyond-access-ttl';

/**
 * Revokes one access token by `jti` until its `exp` (seconds) plus the clock tolerance, the last
 * moment any instance could still accept it (README "Revocation"). Refuses an `exp` that every
 * verifier already rejects, and one later than any token this gateway issues (now + accessTtl +
 * tolerance), which would only keep a useless entry in every instance's memory.
 */
export async function revokeAccessToken(
  deps: RevokeAccessTokenDeps,
  token: { jti: string; exp: number },
): Promise<RevokeAccessTokenOutcome> {
  const now = deps.clock.now();
  const { accessTtl, clockTolerance } = deps.config.tokens;
  const expMs = token.exp * 1000;
  if (expMs + clockTolerance <= now) return 'already-expired';
  if (expMs > now + accessTtl + clockTolerance) return 'beyond-access-ttl';
  const until = forgetAt(deps.config.tokens, { kind: 'token', now, exp: token.exp });
  await storeCall(() =>
    deps.revocationLog.publishRevocation({ kind: 'token', jti: token.jti, forgetAt: until }, now),
  );
  return 'revoked';
}
