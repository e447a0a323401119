import type { KeyObject } from 'node:crypto';
import type { SigningAlgorithm, SigningKey } from '../../../keys/keyring.js';

/**
 * What node:crypto needs for each keyring key, made on first use and kept as long as the key
 * object lives: keyed by the keyring's key object (a WeakMap), so a rotated or reloaded keyring's
 * keys get fresh ones and dropped keys take theirs with them.
 */
export function perSigningKey<T extends object>(
  make: (key: SigningKey) => T,
): (key: SigningKey) => T {
  const made = new WeakMap<SigningKey, T>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(key)));
    return value;
  };
}

/** node:crypto's digest and key input per keyring algorithm (RFC 7518 §3.3, §3.4; RFC 8037 §3.1). */
export const NODE_ALGORITHMS: Record<
  SigningAlgorithm,
  { digest: string | null; keyType: string; curve?: string }
> = {
  // ES256's JWS signature is R || S (IEEE P1363), not the DER node:crypto defaults to.
  ES256: { digest: 'sha256', keyType: 'ec', curve: 'prime256v1' },
  // Ed25519 hashes internally: node:crypto takes no digest for it.
  EdDSA: { digest: null, keyType: 'ed25519' },
  // An RSA KeyObject signs and verifies RSASSA-PKCS1-v1_5 unless told otherwise.
  RS256: { digest: 'sha256', keyType: 'rsa' },
};

/** A key as node:crypto's sign and verify take it: ES256 with JWS's R || S signature form. */
export function keyObjectInput(
  key: KeyObject,
  alg: SigningAlgorithm,
): { key: KeyObject; dsaEncoding?: 'ieee-p1363' } {
  return NODE_ALGORITHMS[alg].curve ? { key, dsaEncoding: 'ieee-p1363' } : { key };
}
