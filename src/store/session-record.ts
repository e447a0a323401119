/** The schema version new session records are written with; older ones are upgraded on read. */
export const SESSION_RECORD_VERSION = 1;

/** How many rotated-out refresh-token hashes a session remembers for reuse detection. */
export const REMEMBERED_REFRESH_HASHES = 8;

/** The refresh-token state of a session (RFC 9700 §4.14.2 rotation). Hashes are SHA-256 hex. */
export interface RefreshState {
  /** Hash of the secret of the one refresh token that rotates now. */
  hash: string;
  /** Hashes of rotated-out secrets, newest first, at most REMEMBERED_REFRESH_HASHES. */
  previous: string[];
  /** When `hash` replaced `previous[0]` (0 before the first rotation). */
  rotatedAt: number;
  /**
   * The pair issued by the last rotation, sealed with a key derived from the secret it replaced,
   * so a replay of that secret within the grace window gets the same pair back. Null before the
   * first rotation.
   */
  successor: string | null;
}

/** A session as stored. Timestamps are epoch milliseconds from the injected clock. */
export interface SessionRecord {
  v: typeof SESSION_RECORD_VERSION;
  sid: string;
  sub: string;
  scope: string[];
  /** Extra claims copied into every access token of this session. */
  claims: Record<string, unknown>;
  createdAt: number;
  lastSeenAt: number;
  /** Slides forward on refresh, never past absoluteExpiresAt. */
  idleExpiresAt: number;
  /** Fixed at creation. */
  absoluteExpiresAt: number;
  refresh: RefreshState;
}

/** The session context as stored: opaque to the store (JSON text, or a sealed blob). */
export interface StoredContext {
  /** Starts at 1 with the first write; 0 means "never written". The ETag is this number. */
  version: number;
  /** `plain` or the id of the encryption key that sealed `data`. */
  encoding: string;
  data: string;
}

/** What getContext answers for a live session whose context was never written: JSON `null`. */
export const UNWRITTEN_CONTEXT: Readonly<StoredContext> = Object.freeze({
  version: 0,
  encoding: 'plain',
  data: 'null',
});
