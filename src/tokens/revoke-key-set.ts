import type { JWK } from 'jose';
import type { StoredKeySet } from '../store/key-set-store.js';
import { rotateKeySet } from './rotate-key-set.js';

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
