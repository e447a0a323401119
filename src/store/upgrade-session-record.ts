import { z } from 'zod';
import {
  REMEMBERED_REFRESH_HASHES,
  SESSION_RECORD_VERSION,
  type SessionRecord,
} from './session-record.js';

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
