import { constantTimeEqual } from '../lib/crypto.js';
import type { SecretCrypto } from '../lib/secret-crypto.js';
import type { Clock } from '../lib/clock.js';
import { forgetAt, type TokenLifetimes } from '../revocation/forget-at.js';
import type { SessionRecord } from '../store/session-record.js';
import type { SessionStore } from '../store/session-store.js';
import { parseRefreshToken } from './refresh-token.js';
import { storeCall } from '../store/store-call.js';

/** What logout needs; GatewayDeps satisfies it. */
export interface EndSessionDeps {
  sessions: SessionStore;
  clock: Clock;
  secrets: SecretCrypto;
  config: { tokens: TokenLifetimes };
}

/** Proof of the session to end: a refresh token, or the sid of a verified access token. */
export type SessionCredential =
  { kind: 'refresh-token'; token: string } | { kind: 'access-token'; sid: string };

/**
 * Revokes the session a credential names (logout). Returns the revoked record, or null when
 * there was nothing to revoke: an unknown, expired or already revoked session, or a refresh token
 * this session never issued. Store failures throw a 503 store-unavailable.
 */
export async function endSession(
  deps: EndSessionDeps,
  credential: SessionCredential,
): Promise<SessionRecord | null> {
  const now = deps.clock.now();
  const sid =
    credential.kind === 'access-token'
      ? credential.sid
      : await provenSid(deps, credential.token, now);
  if (sid === null) return null;
  const until = forgetAt(deps.config.tokens, { kind: 'session', now });
  return storeCall(() => deps.sessions.revokeSession(sid, now, until));
}

/**
 * The sid of a refresh token whose secret the session did issue (current or rotated out): a sid
 * alone is no proof, as every access token of the session shows it.
 */
async function provenSid(deps: EndSessionDeps, text: string, now: number): Promise<string | null> {
  const token = parseRefreshToken(text);
  if (!token) return null;
  const record = await storeCall(() => deps.sessions.getSession(token.sid, now));
  if (!record) return null;
  const hash = await deps.secrets.sha256Hex(token.secret);
  const issued = [record.refresh.hash, ...record.refresh.previous];
  // No early exit: which remembered hash matched stays out of the timing.
  const matched = issued.reduce((found, known) => constantTimeEqual(known, hash) || found, false);
  return matched ? token.sid : null;
}
