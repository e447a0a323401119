import type { StoredContext, SessionRecord } from '../store/session-record.js';
import type { PolicyServices } from './compile-policy.js';
import type { Identity } from './identity.js';
import { runPolicySteps } from './run-policy-steps.js';
import { checkSession } from './steps/check-session.js';
import type { PolicyStep, StepDenial } from './steps/policy-step.js';
import { verifyToken } from './steps/verify-token.js';

/** What authenticating a session API caller reads. */
export type SessionAuthenticatorServices = Pick<
  PolicyServices,
  'verifier' | 'sessions' | 'revocationLog' | 'clock'
>;

/** Who called the session API, and their live session (and its stored context when asked). */
export interface SessionCaller {
  identity: Identity;
  session: SessionRecord;
  /** Null unless the context was asked for. */
  storedContext: StoredContext | null;
}

/** Authenticates calls to the session API (`/auth/session`, `/auth/session/context`). */
export interface SessionAuthenticator {
  authenticate(
    request: { method: string; target: string; authorization: string | undefined },
    withContext: boolean,
  ): Promise<{ ok: true; caller: SessionCaller } | { ok: false; denial: StepDenial }>;
}

// The session API always fails closed: it exists to read and write the store.
const noOutageLog = { failed: () => {}, answered: () => {} };

/**
 * The `session` policy (and `context`'s reads) for the session API: a valid bearer token whose
 * session is live in the store, read in every revocation mode; 503 when the store is down.
 */
export function createSessionAuthenticator(
  services: SessionAuthenticatorServices,
): SessionAuthenticator {
  const steps = (withContext: boolean): readonly PolicyStep[] => [
    verifyToken(services.verifier),
    checkSession({
      sessions: services.sessions,
      revocationLog: services.revocationLog,
      clock: services.clock,
      onStoreDown: 'closed',
      withContext,
      outages: noOutageLog,
    }),
  ];
  const [sessionOnly, withStoredContext] = [steps(false), steps(true)];
  return {
    async authenticate(request, withContext) {
      const outcome = await runPolicySteps(withContext ? withStoredContext : sessionOnly, request);
      if (!outcome.allow) return { ok: false, denial: outcome.denial };
      const { identity, session, storedContext } = outcome.context;
      return { ok: true, caller: { identity: identity!, session: session!, storedContext } };
    },
  };
}
