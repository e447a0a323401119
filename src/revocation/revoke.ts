import type { Clock } from '../lib/clock.js';
import { forgetAt, type TokenLifetimes } from './forget-at.js';
import type { RevocationLog } from '../store/revocation-log.js';
import { storeCall } from '../store/store-call.js';
import type { SessionRecord } from '../store/session-record.js';
import type { SessionStore } from '../store/session-store.js';

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
