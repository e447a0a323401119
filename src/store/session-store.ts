import type { SessionRecord } from './session-record.js';

/**
 * The session store contract: atomic use cases, not get/set. Implemented by the memory store and
 * the Redis store; both run the same contract suite (test/contract/).
 */
export interface SessionStore {
  /** Stores a new session; it expires on its own at min(idleExpiresAt, absoluteExpiresAt). */
  createSession(record: SessionRecord): Promise<void>;
  /** The live session, or null when unknown, expired or revoked at `now`. */
  getSession(sid: string, now: number): Promise<SessionRecord | null>;
  /** Resolves when the store answers; rejects when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
