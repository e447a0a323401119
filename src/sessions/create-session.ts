import type { AuthenticatedIdentity } from '../identity/identity-source.js';
import type { Clock } from '../lib/clock.js';
import { randomToken } from '../lib/crypto.js';
import type { SecretCrypto } from '../lib/secret-crypto.js';
import { SESSION_RECORD_VERSION, type SessionRecord } from '../store/session-record.js';
import type { SessionStore } from '../store/session-store.js';
import { encodeContextForStore, type EncodeContextDeps } from '../context/encode-context.js';
import { mintRefreshToken } from './refresh-token.js';
import { storeCall } from '../store/store-call.js';

/** What creating a session needs; GatewayDeps satisfies it. */
export interface CreateSessionDeps extends EncodeContextDeps {
  sessions: SessionStore;
  clock: Clock;
  secrets: SecretCrypto;
  config: EncodeContextDeps['config'] & {
    sessions: { idleTtl: number; absoluteTtl: number };
    identity: { defaultScope: readonly string[] };
  };
}

/** A stored session and the first refresh token of its rotation chain. */
export interface CreatedSession {
  record: SessionRecord;
  /** `v1.<sid>.<secret>`: for the client only; the store holds just the secret's hash. */
  refreshToken: string;
}

// 128 bits from the CSPRNG: a sid only names a session inside a signed token, yet it must still
// be unguessable (OWASP asks >= 64 bits of entropy for session ids).
const SID_BYTES = 16;

/**
 * Starts a session for an authenticated identity and stores it with its initial context (if the
 * source gave one): used by login and by the admin "mint a session" endpoint. An identity with an
 * empty scope gets `identity.defaultScope`.
 */
export async function createSession(
  deps: CreateSessionDeps,
  identity: AuthenticatedIdentity,
): Promise<CreatedSession> {
  const now = deps.clock.now();
  const absoluteExpiresAt = now + deps.config.sessions.absoluteTtl;
  const sid = randomToken(SID_BYTES);
  const refresh = await mintRefreshToken(deps.secrets, sid);
  const record: SessionRecord = {
    v: SESSION_RECORD_VERSION,
    sid,
    sub: identity.sub,
    scope: identity.scope.length > 0 ? [...identity.scope] : [...deps.config.identity.defaultScope],
    claims: { ...identity.claims },
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: Math.min(now + deps.config.sessions.idleTtl, absoluteExpiresAt),
    absoluteExpiresAt,
    refresh: { hash: refresh.hash, previous: [], rotatedAt: 0, successor: null },
  };
  // A source's context becomes version 1, sealed like any later write when encryption is on;
  // JSON null from a webhook means "no context", like an absent one.
  const context =
    identity.context === undefined || identity.context === null
      ? undefined
      : { version: 1, ...(await encodeContextForStore(deps, sid, identity.context)) };
  await storeCall(() => deps.sessions.createSession(record, context));
  return { record, refreshToken: refresh.token };
}
