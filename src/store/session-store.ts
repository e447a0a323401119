import type { SessionRecord, StoredContext } from './session-record.js';

/** What a refresh attempt found (README "Sessions and refresh tokens", RFC 9700 §4.14.2). */
export type RotateOutcome =
  /** The presented token was current: it is now replaced by `next`. */
  | { kind: 'rotated'; record: SessionRecord }
  /** The presented token was rotated out less than `graceMs` ago: here is the pair it got. */
  | { kind: 'replayed-in-grace'; record: SessionRecord; successor: string }
  /** A rotated-out token came back after the grace window: the session is now revoked (and published). */
  | { kind: 'reuse-detected'; sub: string }
  /** No live session, or a secret this session never issued. Nothing was changed. */
  | { kind: 'unknown' };

export interface RotateRequest {
  sid: string;
  /** SHA-256 hex of the presented secret. */
  presentedHash: string;
  /** Hash of the new secret, and the new pair sealed under the presented secret. */
  nextHash: string;
  sealedSuccessor: string;
  now: number;
  graceMs: number;
  idleTtlMs: number;
  /** When reuse revokes the session, its revocation is remembered until then. */
  revocationForgetAt: number;
}

export type ContextWriteOutcome =
  | { kind: 'written'; version: number }
  | { kind: 'conflict'; version: number }
  | { kind: 'no-session' };

/** A live session and its context, as read together by getContext. */
export interface SessionWithContext {
  session: SessionRecord;
  context: StoredContext;
}

/**
 * The session store contract: sessions and their context, as atomic use cases, not get/set.
 * Implemented by the memory store and the Redis store; both run the same contract suite
 * (test/contract/). Every method rejects when the store cannot be reached; none of them loses data
 * on such a failure. Ending a session publishes its revocation into the same backend's
 * RevocationLog, after the session is gone (see revokeSession in the Redis store for why).
 */
export interface SessionStore {
  /**
   * Stores a new session (and its initial context, as given); it expires at idleExpiresAt on its
   * own. Rejects a record that is not valid, and a sid that is already in use.
   */
  createSession(record: SessionRecord, context?: StoredContext): Promise<void>;
  /** The live session (upgraded to the current record version), or null if unknown or expired. */
  getSession(sid: string, now: number): Promise<SessionRecord | null>;
  /** Atomically rotates the refresh token, or reports a replay, a reuse or an unknown token. */
  rotateRefresh(request: RotateRequest): Promise<RotateOutcome>;
  /**
   * Ends a session at once and publishes its revocation (remembered until `forgetAt`); returns the
   * record it had, or null if there was none (the revocation is published all the same).
   */
  revokeSession(sid: string, now: number, forgetAt: number): Promise<SessionRecord | null>;
  /** The user's live sessions, oldest first. */
  listUserSessions(sub: string, now: number): Promise<SessionRecord[]>;
  /**
   * About how many sessions are live, store-wide (the active-sessions gauge). Exact in memory; in
   * Redis a SCAN of every primary's keyspace, which may count a session twice or miss one created
   * or ended meanwhile, and costs a walk over all keys: call it rarely.
   */
  countSessions(now: number): Promise<number>;
  /**
   * The live session and its context (UNWRITTEN_CONTEXT if never written) in one read, so the
   * context always belongs to the record beside it; null when the session is gone.
   */
  getContext(sid: string, now: number): Promise<SessionWithContext | null>;
  /**
   * Writes the context if its version is still `expectedVersion` (any version when null);
   * the new version is the old one + 1.
   */
  compareAndSetContext(
    sid: string,
    expectedVersion: number | null,
    context: Omit<StoredContext, 'version'>,
    now: number,
  ): Promise<ContextWriteOutcome>;
}
