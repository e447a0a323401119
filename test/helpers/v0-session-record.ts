import { sha256Hex } from '../../src/lib/crypto.js';

/**
 * A session record in the v0 (pre-release) layout, as an old gatehouse left it in Redis: no `v`,
 * scope as one string, `created`/`lastSeen`/`expiresAt`, one refresh hash (of `old-secret`).
 */
export interface V0SessionRecord {
  sid: string;
  sub: string;
  scope: string;
  created: number;
  lastSeen: number;
  expiresAt: number;
  absoluteExpiresAt: number;
  refreshHash: string;
  claims?: Record<string, unknown>;
}

/** Builds one, with `overrides` applied. */
export async function v0SessionRecord(
  sid: string,
  now: number,
  overrides: Partial<V0SessionRecord> = {},
): Promise<V0SessionRecord> {
  return {
    sid,
    sub: 'legacy-user',
    scope: 'read write',
    created: now - 5000,
    lastSeen: now - 1000,
    expiresAt: now + 60_000,
    absoluteExpiresAt: now + 120_000,
    refreshHash: await sha256Hex('old-secret'),
    ...overrides,
  };
}
