import { invalidToken, storeUnavailable } from '../../errors/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { SessionRecord, StoredContext } from '../../store/session-record.js';
import type { SessionStore } from '../../store/session-store.js';
import type { StoreOutageLog } from '../store-outage-log.js';
import type { PolicyStep, StepDenial } from './policy-step.js';

/** How one route checks the session behind its access token. */
export interface CheckSessionOptions {
  store: SessionStore;
  clock: Clock;
  /** When the store cannot be read: fail closed (503 + Retry-After) or allow on the token alone. */
  onStoreDown: 'closed' | 'open';
  /** Also read the stored context (for load-context), at the same time as the session. */
  withContext: boolean;
  outages: StoreOutageLog;
}

type Reads = [SessionRecord | null, StoredContext | null];

const revoked = (reason: StepDenial['reason']): StepDenial => ({
  error: invalidToken('session revoked or expired'),
  reason,
});

/**
 * `lookup` revocation: reads the token's session from the store on every request and refuses
 * (401) when it is revoked, expired, or not the token subject's. Runs after verify-token.
 */
export function checkSession(options: CheckSessionOptions): PolicyStep {
  const { store, clock, onStoreDown, withContext, outages } = options;
  return async (context) => {
    const identity = context.identity;
    if (!identity) throw new Error('check-session must run after verify-token');
    const now = clock.now();
    let reads: Reads;
    try {
      // Two store calls sent together: on one Redis connection both go out before either answer
      // comes back, so a context route pays one round trip, not two.
      reads = await Promise.all([
        store.getSession(identity.sid, now),
        withContext ? store.getContext(identity.sid, now) : null,
      ]);
    } catch (error) {
      if (onStoreDown === 'closed') {
        return { error: storeUnavailable(error), reason: 'store-unavailable' };
      }
      outages.failed(error);
      return undefined;
    }
    outages.answered();
    const [session, stored] = reads;
    // A null context next to a live session: revoked between the two reads.
    if (!session || (withContext && !stored)) return revoked('session-revoked');
    if (session.sub !== identity.sub) return revoked('session-mismatch');
    context.session = session;
    context.storedContext = stored;
    return undefined;
  };
}
