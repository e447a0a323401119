import type { JWK } from 'jose';
import type { StoredKeySet } from '../store/key-set-store.js';

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
