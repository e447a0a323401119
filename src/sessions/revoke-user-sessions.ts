import type { Clock } from '../lib/clock.js';
import { forgetAt, type TokenLifetimes } from '../revocation/forget-at.js';
import type { SessionStore } from '../store/session-store.js';
import { storeCall } from './store-call.js';

/** What revoking a user needs; GatewayDeps satisfies it. */
export interface RevokeUserDeps {
  store: SessionStore;
  clock: Clock;
  config: { tokens: TokenLifetimes };
}

/**
 * Revokes every session of `sub` and every access token issued to them before now (SPEC §6): the
 * user's not-before is published first, so a session created while the list is being revoked
 * cannot keep a token alive; then each listed session is revoked (refresh fails at once). Returns
 * how many live sessions were revoked. Store failures throw a 503 store-unavailable.
 */
export async function revokeUserSessions(deps: RevokeUserDeps, sub: string): Promise<number> {
  const now = deps.clock.now();
  const until = forgetAt(deps.config.tokens, { kind: 'user', now });
  // Whole seconds, as in `iat`: a login in the same second but after this revocation keeps its
  // token. Tokens issued earlier in that second belong to sessions listed below, revoked by sid.
  const notBefore = Math.floor(now / 1000) * 1000;
  await storeCall(() =>
    deps.store.publishRevocation({ kind: 'user', sub, notBefore, forgetAt: until }, now),
  );
  const sessions = await storeCall(() => deps.store.listUserSessions(sub, now));
  const revoked = await Promise.all(
    sessions.map((session) => storeCall(() => deps.store.revokeSession(session.sid, now, until))),
  );
  return revoked.filter((record) => record !== null).length;
}
