import type { JWK } from 'jose';
import type { Clock } from '../lib/clock.js';
import type { StoredKeySet } from '../store/key-set-store.js';
import { createKeyring } from './create-keyring.js';
import { expiringKeyring } from './expiring-keyring.js';
import type { Keyring, SigningAlgorithm } from './keyring.js';

/** The set's keyring: each retired key verifies until `keepMs` after its retirement. */
export async function keyringOf(
  set: StoredKeySet,
  algorithm: SigningAlgorithm,
  opts: { clock: Clock; keepMs: number },
): Promise<Keyring> {
  const verifyUntil = new Map<string, number>();
  for (const key of set.keys) {
    if (key.retiredAt !== null) verifyUntil.set(String(key.jwk.kid), key.retiredAt + opts.keepMs);
  }
  return expiringKeyring(await createKeyring(jwksOf(set), algorithm), verifyUntil, opts.clock);
}

function jwksOf(set: StoredKeySet): JWK[] {
  return set.keys.map((key) => key.jwk as JWK);
}

/** The algorithm of the set's active key, if it names one. */
export function activeAlgorithm(set: StoredKeySet): SigningAlgorithm | undefined {
  const alg = set.keys[0]?.jwk.alg;
  return typeof alg === 'string' ? (alg as SigningAlgorithm) : undefined;
}
