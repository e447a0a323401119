import type { Clock } from '../lib/clock.js';
import { forgetAt, type TokenLifetimes } from '../revocation/forget-at.js';
import type { RevocationLog } from '../store/revocation-log.js';
import type { SessionStore } from '../store/session-store.js';
import { storeCall } from './store-call.js';

/** What revoking a user needs; GatewayDeps satisfies it. */
export interface RevokeUserDeps {
  sessions: SessionStore;
  revocationLog: Pick<RevocationLog, 'publishRevocation'>;
  clock: Clock;
  config: { tokens: TokenLifetimes };
}

/**
 * Revokes every session of `sub` and every access token issued to them before now
 * (README "Admin API"). Sessions are ended before the user's not-before is published, and once more
 * after it: like a session's own revocation (see revokeSession in the Redis store), an interruption
 * then leaves sessions that can never be refreshed again, never a not-before forgotten (accessTtl +
 * tolerance later) in front of sessions refresh could bring back. The second pass catches the
 * sessions created meanwhile. Returns how many live sessions were revoked. Store failures throw a
 * 503 store-unavailable.
 */
export async function revokeUserSessions(deps: RevokeUserDeps, sub: string): Promise<number> {
  const now = deps.clock.now();
  const until = forgetAt(deps.config.tokens, { kind: 'user', now });
  const revokeListed = async () => {
    const sessions = await storeCall(() => deps.sessions.listUserSessions(sub, now));
    const records = await Promise.all(
      sessions.map((session) =>
        storeCall(() => deps.sessions.revokeSession(session.sid, now, until)),
      ),
    );
    return records.filter((record) => record !== null).length;
  };
  const before = await revokeListed();
  // Whole seconds, as in `iat`: a login in the same second but after this revocation keeps its
  // token. Tokens issued earlier in that second belong to the sessions revoked by sid.
  const notBefore = Math.floor(now / 1000) * 1000;
  await storeCall(() =>
    deps.revocationLog.publishRevocation({ kind: 'user', sub, notBefore, forgetAt: until }, now),
  );
  return before + (await revokeListed());
}
