import { z } from 'zod';

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

const epochMs = z.number().int().nonnegative();
const hash = z.string().min(1);

const v1Schema = z.object({
  v: z.literal(SESSION_RECORD_VERSION),
  sid: z.string().min(1),
  sub: z.string().min(1),
  scope: z.array(z.string().min(1)),
  claims: z.record(z.string(), z.unknown()),
  createdAt: epochMs,
  lastSeenAt: epochMs,
  idleExpiresAt: epochMs,
  absoluteExpiresAt: epochMs,
  refresh: z.object({
    hash,
    previous: z.array(hash).max(REMEMBERED_REFRESH_HASHES),
    rotatedAt: epochMs,
    successor: z.string().nullable(),
  }),
});

/**
 * v0, the pre-release layout (no `v` field):
 * `{ sid, sub, scope: "space separated", created, lastSeen, expiresAt (idle expiry),
 *    absoluteExpiresAt, refreshHash, claims? }`, all times epoch ms. It knew one refresh hash and no
 * rotation history, so it upgrades to a session that has never rotated.
 */
const v0Schema = z.object({
  v: z.undefined().optional(),
  sid: z.string().min(1),
  sub: z.string().min(1),
  scope: z.string(),
  created: epochMs,
  lastSeen: epochMs,
  expiresAt: epochMs,
  absoluteExpiresAt: epochMs,
  refreshHash: hash,
  claims: z.record(z.string(), z.unknown()).optional(),
});

function fromV0(old: z.infer<typeof v0Schema>): SessionRecord {
  return {
    v: SESSION_RECORD_VERSION,
    sid: old.sid,
    sub: old.sub,
    scope: old.scope.split(' ').filter((token) => token !== ''),
    claims: old.claims ?? {},
    createdAt: old.created,
    lastSeenAt: old.lastSeen,
    idleExpiresAt: Math.min(old.expiresAt, old.absoluteExpiresAt),
    absoluteExpiresAt: old.absoluteExpiresAt,
    refresh: { hash: old.refreshHash, previous: [], rotatedAt: 0, successor: null },
  };
}

/**
 * Validates a stored session record of any known schema version and returns it in the current
 * one (README "Redis"); null when it is not a session record at all.
 */
export function upgradeSessionRecord(raw: unknown): SessionRecord | null {
  const current = v1Schema.safeParse(raw);
  if (current.success) return current.data as SessionRecord;
  const v0 = v0Schema.safeParse(raw);
  return v0.success ? fromV0(v0.data) : null;
}
