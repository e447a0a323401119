import type { Clock } from '../lib/clock.js';
import type { SecretCrypto } from '../lib/secret-crypto.js';
import { forgetAt, type TokenLifetimes } from '../revocation/forget-at.js';
import type { SessionRecord } from '../store/session-record.js';
import type { RevocationLog } from '../store/revocation-log.js';
import type { RotateOutcome, SessionStore } from '../store/session-store.js';
import type { AccessTokenSigner } from '../tokens/sign-access-token.js';
import { mintRefreshToken, parseRefreshToken, type RefreshToken } from './refresh-token.js';
import { openTokenPair, sealTokenPair, type TokenPair } from './sealed-token-pair.js';
import { storeCall } from '../store/store-call.js';

/** What a refresh needs; GatewayDeps plus the gateway's signer satisfy it. */
export interface RefreshSessionDeps {
  sessions: SessionStore;
  revocationLog: Pick<RevocationLog, 'isRevoked'>;
  clock: Clock;
  signer: AccessTokenSigner;
  secrets: SecretCrypto;
  config: { sessions: { idleTtl: number; refreshReuseGrace: number }; tokens: TokenLifetimes };
}

/** How a refresh ended. Every rejection means 401; only `reuse-detected` revoked the session. */
export type RefreshOutcome =
  | { kind: 'refreshed'; pair: TokenPair; record: SessionRecord; replayed: boolean }
  | { kind: 'rejected'; reason: 'malformed' | 'unknown' }
  | { kind: 'rejected'; reason: 'reuse-detected'; sid: string; sub: string };

/**
 * Refreshes a session with a presented refresh token (README "Sessions and refresh tokens",
 * RFC 9700 §4.14.2): signs a new access token, mints the next refresh token and lets the store
 * rotate atomically. A token that lost a race within the grace window gets the winner's pair, so
 * concurrent refreshes converge. Store failures throw a 503 store-unavailable.
 */
export async function refreshSession(
  deps: RefreshSessionDeps,
  presented: string,
): Promise<RefreshOutcome> {
  const token = parseRefreshToken(presented);
  if (!token) return { kind: 'rejected', reason: 'malformed' };
  const now = deps.clock.now();
  const record = await storeCall(() => deps.sessions.getSession(token.sid, now));
  if (!record) return { kind: 'rejected', reason: 'unknown' };

  const revocationForgetAt = forgetAt(deps.config.tokens, { kind: 'session', now });
  const [presentedHash, pair, revoked] = await Promise.all([
    deps.secrets.sha256Hex(token.secret),
    nextPair(deps, record),
    storeCall(() => deps.revocationLog.isRevoked(sessionAsQuery(record), now)),
  ]);
  if (revoked) {
    // A session older than its user's not-before (a login racing the user's revocation), or a
    // revoked sid whose record came back (a Redis failover losing the delete): never rotate it,
    // and end it.
    await storeCall(() => deps.sessions.revokeSession(record.sid, now, revocationForgetAt));
    return { kind: 'rejected', reason: 'unknown' };
  }
  const sealedSuccessor = await sealTokenPair(deps.secrets, token, pair.pair);
  const outcome = await storeCall(() =>
    deps.sessions.rotateRefresh({
      sid: token.sid,
      presentedHash,
      nextHash: pair.nextHash,
      sealedSuccessor,
      now,
      graceMs: deps.config.sessions.refreshReuseGrace,
      idleTtlMs: deps.config.sessions.idleTtl,
      revocationForgetAt,
    }),
  );
  return settle(deps.secrets, token, pair.pair, outcome);
}

/** The session as a revocation query: its sid, and its user's not-before against its creation. */
const sessionAsQuery = (record: SessionRecord) => ({
  sid: record.sid,
  jti: '',
  sub: record.sub,
  issuedAt: record.createdAt,
});

/** A new access token for the session and the refresh token meant to replace the presented one. */
async function nextPair(
  { signer, secrets }: Pick<RefreshSessionDeps, 'signer' | 'secrets'>,
  record: SessionRecord,
) {
  const [access, next] = await Promise.all([
    signer.sign({ sub: record.sub, sid: record.sid, scope: record.scope, claims: record.claims }),
    mintRefreshToken(secrets, record.sid),
  ]);
  const pair: TokenPair = {
    access_token: access.token,
    expires_at: access.exp,
    refresh_token: next.token,
    scope: record.scope.join(' '),
  };
  return { pair, nextHash: next.hash };
}

async function settle(
  secrets: SecretCrypto,
  token: RefreshToken,
  pair: TokenPair,
  outcome: RotateOutcome,
): Promise<RefreshOutcome> {
  switch (outcome.kind) {
    case 'rotated':
      return { kind: 'refreshed', pair, record: outcome.record, replayed: false };
    case 'replayed-in-grace': {
      // The pair this exact secret got when it rotated; a successor sealed under another key
      // (which the store's hash check makes impossible) opens to null and is refused.
      const earlier = await openTokenPair(secrets, token, outcome.successor);
      return earlier
        ? { kind: 'refreshed', pair: earlier, record: outcome.record, replayed: true }
        : { kind: 'rejected', reason: 'unknown' };
    }
    case 'reuse-detected':
      return { kind: 'rejected', reason: 'reuse-detected', sid: token.sid, sub: outcome.sub };
    default:
      return { kind: 'rejected', reason: 'unknown' };
  }
}
