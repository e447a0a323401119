import type {
  Revocation,
  RevocationListener,
  RevocationQuery,
  RevocationSubscription,
  StoredKeySet,
} from './revocation.js';
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

/** Outcome of counting one attempt in a sliding window. */
export interface RateLimitOutcome {
  allowed: boolean;
  /** 0 when allowed; else how long until the oldest counted attempt leaves the window. */
  retryAfterMs: number;
}

/**
 * The session store contract: atomic use cases, not get/set. Implemented by the memory store and
 * the Redis store; both run the same contract suite (test/contract/). Every method rejects when
 * the store cannot be reached; none of them loses data on such a failure.
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
  /** The session's context (UNWRITTEN_CONTEXT if never written), or null when the session is gone. */
  getContext(sid: string, now: number): Promise<StoredContext | null>;
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
  /**
   * Counts one attempt against `key` in a sliding window of `windowMs`; at most `limit` pass.
   * Refused attempts are not counted.
   */
  hitRateLimit(
    key: string,
    limit: number,
    windowMs: number,
    now: number,
  ): Promise<RateLimitOutcome>;
  /**
   * Records a revocation and publishes it to every subscribed instance, atomically (the entry is
   * stored before anyone can be told). Entries past `forgetAt` are pruned.
   */
  publishRevocation(revocation: Revocation, now: number): Promise<void>;
  /** Every revocation still remembered at `now` (a mirror's full resync). */
  listRevocations(now: number): Promise<Revocation[]>;
  /**
   * The sequence number of the last revocation published: each publish adds one and its message
   * carries the new number, so a subscriber that saw every number up to this one has missed
   * nothing without listing the set. 0 before the first; it may start again from 0 once every
   * revocation is forgotten (or the store lost its data), which a subscriber sees as a gap.
   */
  revocationSeq(): Promise<number>;
  /**
   * Lookup mode: whether the token is revoked by its session, its jti or its user's not-before
   * (`issuedAt` < notBefore). An empty `jti` or `sub` matches nothing.
   */
  isRevoked(query: RevocationQuery, now: number): Promise<boolean>;
  /**
   * Subscribes to revocations and key changes. Resolves after the first attempt to connect, with
   * `connected` already called if it succeeded; it never rejects for an unreachable store: it
   * keeps reconnecting, calling `connected` after every (re)subscription.
   */
  subscribe(listener: RevocationListener): Promise<RevocationSubscription>;
  /** The shared signing keys, or null if none were stored yet. */
  loadKeySet(): Promise<StoredKeySet | null>;
  /**
   * Stores a new key set if the stored version is still `expectedVersion` (0: none stored yet),
   * then tells every subscriber `keysChanged`. False when another writer won.
   */
  compareAndSetKeySet(expectedVersion: number, keySet: StoredKeySet): Promise<boolean>;
  /** Resolves when the store answers; rejects when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
