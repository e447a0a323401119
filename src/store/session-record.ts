/** The schema version new session records are written with. */
export const SESSION_RECORD_VERSION = 1;

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
}
