import type { JWK } from 'jose';
import type { StoredKeySet } from '../store/key-set-store.js';

/**
 * The margin on top of the token lifetime (README "Tokens and keys": `accessTtl + clockTolerance +
 * 60s`): instances still signing with a key they have not yet heard is retired, and 60 s
 * signed-identity assertions (route `assertion`, refused at start-up today), outlive it by at most
 * this.
 */
const MARGIN_MS = 60_000;

/**
 * How long a retired signing key must keep verifying: its last access token lives accessTtl (plus
 * the clock tolerance) after it stopped signing, and a margin covers the instances that learn of
 * the rotation late. Rotation prunes keys retired longer ago than this.
 */
export function retiredKeyKeepMs(tokens: { accessTtl: number; clockTolerance: number }): number {
  return tokens.accessTtl + tokens.clockTolerance + MARGIN_MS;
}

/**
 * The key set after a rotation at `now`: `next` first (it signs from now on), the previous active
 * key retired at `now`, and every key retired `keepMs` or longer ago dropped — by then the last
 * token it signed has expired everywhere. The version is bumped for the compare-and-set.
 */
export function rotateKeySet(
  current: StoredKeySet,
  next: JWK,
  now: number,
  keepMs: number,
): StoredKeySet {
  const retired = current.keys
    // A key without retiredAt was active until now (or came from an older file without the date).
    .map((key) => ({ ...key, retiredAt: key.retiredAt ?? now }))
    .filter((key) => now - key.retiredAt < keepMs);
  return {
    version: current.version + 1,
    keys: [{ jwk: { ...next }, createdAt: now, retiredAt: null }, ...retired],
  };
}

/**
 * The key set without the key `kid`, for a key that must stop verifying at once (leaked, or
 * believed to be): every token it signed is refused from then on. A retired key is dropped; the
 * active key is replaced by `replacement()`, which signs from now on, while the retired keys keep
 * verifying as after a rotation. Null when the set holds no such key.
 */
export async function revokeKeySet(
  current: StoredKeySet,
  kid: string,
  replacement: () => Promise<JWK>,
  now: number,
  keepMs: number,
): Promise<StoredKeySet | null> {
  const index = current.keys.findIndex((key) => key.jwk.kid === kid);
  if (index < 0) return null;
  const rest = current.keys.filter((_, i) => i !== index);
  if (index > 0) return { version: current.version + 1, keys: rest };
  return rotateKeySet({ version: current.version, keys: rest }, await replacement(), now, keepMs);
}
