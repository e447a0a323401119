import type { Clock } from '../lib/clock.js';
import { forgetAt, type TokenLifetimes } from '../revocation/forget-at.js';
import type { SessionRecord } from '../store/session-record.js';
import type { SessionStore } from '../store/session-store.js';
import { storeCall } from './store-call.js';

/** What revoking a session by id needs; GatewayDeps satisfies it. */
export interface RevokeSessionByIdDeps {
  sessions: SessionStore;
  clock: Clock;
  config: { tokens: TokenLifetimes };
}

/**
 * Revokes session `sid` (README "Admin API"): its refresh token fails at once, and the published
 * revocation makes its access tokens fail on `session` routes everywhere until they have all
 * expired. The revocation is published even when no live session is found. Returns the record it
 * had, or null.
 */
export async function revokeSessionById(
  deps: RevokeSessionByIdDeps,
  sid: string,
): Promise<SessionRecord | null> {
  const now = deps.clock.now();
  const until = forgetAt(deps.config.tokens, { kind: 'session', now });
  return storeCall(() => deps.sessions.revokeSession(sid, now, until));
}
