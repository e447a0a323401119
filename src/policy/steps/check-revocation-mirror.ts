import { invalidToken, revocationStale } from '../../errors/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { RevocationMirror } from '../../revocation/revocation-mirror.js';
import type { RevokedBy } from '../../revocation/revocation-set.js';
import type { DenyReason } from '../decision.js';
import type { StoreOutageLog } from '../store-outage-log.js';
import type { PolicyStep } from './policy-step.js';
import { revocationQuery } from './revocation-query.js';

/** How one route checks revocations in `mirror` mode. */
export interface CheckRevocationMirrorOptions {
  mirror: Pick<RevocationMirror, 'check' | 'status'>;
  clock: Clock;
  /** While the mirror is stale: fail closed (503 + Retry-After) or allow on the token alone. */
  onStoreDown: 'closed' | 'open';
  outages: StoreOutageLog;
}

const reasons: Record<RevokedBy, DenyReason> = {
  session: 'session-revoked',
  token: 'token-revoked',
  user: 'user-revoked',
};

// What the outage log records for a stale mirror: a name and a code, like a store error.
const staleCause = { name: 'RevocationMirrorStale', code: 'revocation-stale' };

/**
 * `mirror` revocation (README "Revocation"): refuses (401) a token whose session, jti or user's
 * not-before is in this instance's revocation mirror, with no store call. A mirror not known fresh
 * within `revocation.maxStaleness` fails the route closed (503) unless it says `onStoreDown: open`.
 * Runs after verify-token.
 */
export function checkRevocationMirror(options: CheckRevocationMirrorOptions): PolicyStep {
  const { mirror, clock, onStoreDown, outages } = options;
  return (context) => {
    if (!context.identity) throw new Error('check-revocation-mirror must run after verify-token');
    const now = clock.now();
    // A revocation the mirror holds is certain even when the mirror is stale: 401 before 503.
    const revokedBy = mirror.check(revocationQuery(context.identity), now);
    if (revokedBy) return { error: invalidToken('session revoked'), reason: reasons[revokedBy] };
    if (mirror.status(now) === 'ok') {
      outages.answered();
      return undefined;
    }
    if (onStoreDown === 'closed') return { error: revocationStale(), reason: 'revocation-stale' };
    outages.failed(staleCause);
    return undefined;
  };
}
