import { GatewayError } from '../errors/gateway-error.js';
import { storeUnavailable } from '../errors/errors.js';
import type { AuthenticatedIdentity } from '../identity/identity-source.js';
import type { Clock } from '../lib/clock.js';
import { randomToken } from '../lib/random-token.js';
import { SESSION_RECORD_VERSION, type SessionRecord } from '../store/session-record.js';
import type { SessionStore } from '../store/session-store.js';

/** What creating a session needs; GatewayDeps satisfies it. */
export interface CreateSessionDeps {
  store: SessionStore;
  clock: Clock;
  config: {
    sessions: { idleTtl: number; absoluteTtl: number };
    identity: { defaultScope: readonly string[] };
  };
}

// 128 bits from the CSPRNG: a sid only names a session inside a signed token, yet it must still
// be unguessable (OWASP asks >= 64 bits of entropy for session ids).
const SID_BYTES = 16;

/**
 * Starts a session for an authenticated identity and stores it: used by login and by the admin
 * "mint a session" endpoint. An identity with an empty scope gets `identity.defaultScope`.
 */
export async function createSession(
  deps: CreateSessionDeps,
  identity: AuthenticatedIdentity,
): Promise<SessionRecord> {
  const now = deps.clock.now();
  const absoluteExpiresAt = now + deps.config.sessions.absoluteTtl;
  const record: SessionRecord = {
    v: SESSION_RECORD_VERSION,
    sid: randomToken(SID_BYTES),
    sub: identity.sub,
    scope: identity.scope.length > 0 ? [...identity.scope] : [...deps.config.identity.defaultScope],
    claims: { ...identity.claims },
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: Math.min(now + deps.config.sessions.idleTtl, absoluteExpiresAt),
    absoluteExpiresAt,
  };
  try {
    await deps.store.createSession(record);
  } catch (error) {
    throw error instanceof GatewayError ? error : storeUnavailable(error);
  }
  return record;
}
