import { invalidToken, storeUnavailable } from '../../errors/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { SessionRecord, StoredContext } from '../../store/session-record.js';
import type { RevocationLog } from '../../store/revocation-log.js';
import type { SessionStore } from '../../store/session-store.js';
import type { Identity } from '../identity.js';
import type { StoreOutageLog } from '../store-outage-log.js';
import type { PolicyStep, StepDenial } from './policy-step.js';
import { revocationQuery } from './revocation-query.js';

/** How one route checks the session behind its access token. */
export interface CheckSessionOptions {
  sessions: SessionStore;
  revocationLog: Pick<RevocationLog, 'isRevoked'>;
  clock: Clock;
  /** When the store cannot be read: fail closed (503 + Retry-After) or allow on the token alone. */
  onStoreDown: 'closed' | 'open';
  /** Also read the stored context (for load-context), at the same time as the session. */
  withContext: boolean;
  /**
   * Also ask the store whether the token is revoked (`lookup` mode; the default). False where a
   * revocation mirror has checked already (`context` routes in `mirror` mode).
   */
  lookupRevocations?: boolean;
  outages: StoreOutageLog;
}

type Found = { session: SessionRecord; context: StoredContext | null } | null;
type Reads = [Found, boolean];

const revoked = (
  reason: StepDenial['reason'],
  detail = 'session revoked or expired',
): StepDenial => ({
  error: invalidToken(detail),
  reason,
});

/**
 * `lookup` revocation: reads the token's session from the store on every request, and asks
 * whether its session, jti or user is revoked, in one round trip; refuses (401) a revoked,
 * expired, or someone else's session. Runs after verify-token.
 */
export function checkSession(options: CheckSessionOptions): PolicyStep {
  const { sessions, revocationLog, clock, onStoreDown, withContext, outages } = options;
  const lookupRevocations = options.lookupRevocations ?? true;
  // With the context, the session comes in the same read (one command, one slot). The revocation
  // query goes out beside it: on one Redis connection both leave before the first answer is back,
  // so the route pays one round trip.
  const find = withContext
    ? (sid: string, now: number): Promise<Found> => sessions.getContext(sid, now)
    : (sid: string, now: number): Promise<Found> =>
        sessions.getSession(sid, now).then((session) => session && { session, context: null });
  const read = (identity: Identity, now: number): Promise<Reads> =>
    Promise.all([
      find(identity.sid, now),
      lookupRevocations ? revocationLog.isRevoked(revocationQuery(identity), now) : false,
    ]);
  return async (context) => {
    const identity = context.identity;
    if (!identity) throw new Error('check-session must run after verify-token');
    let reads: Reads;
    try {
      reads = await read(identity, clock.now());
    } catch (error) {
      if (onStoreDown === 'closed') {
        return { error: storeUnavailable(error), reason: 'store-unavailable' };
      }
      outages.failed(error);
      return undefined;
    }
    outages.answered();
    const [found, isRevoked] = reads;
    if (isRevoked) return revoked('session-revoked', 'session revoked');
    if (!found) return revoked('session-revoked');
    const { session } = found;
    if (session.sub !== identity.sub) return revoked('session-mismatch');
    context.session = session;
    context.storedContext = found.context;
    return undefined;
  };
}
