import type { JWK } from 'jose';
import { importSigningKey } from './import-signing-key.js';
import type { Keyring, SigningAlgorithm, SigningKey } from './keyring.js';

/** Imports private JWKs (the first is active, the rest verify only) into a Keyring. */
export async function createKeyring(
  privateJwks: readonly JWK[],
  alg: SigningAlgorithm,
): Promise<Keyring> {
  if (privateJwks.length === 0)
    throw new Error('no signing keys: at least one private JWK is required');
  // A Map, not an object: a kid like "__proto__" or "constructor" is simply unknown.
  const byKid = new Map<string, SigningKey>();
  const keys: SigningKey[] = [];
  for (const [index, jwk] of privateJwks.entries()) {
    const key = await importSigningKey(jwk, alg, `signing key #${index + 1}`);
    if (byKid.has(key.kid))
      throw new Error(`signing key #${index + 1}: duplicate kid "${key.kid}"`);
    byKid.set(key.kid, key);
    keys.push(key);
  }
  const active = keys[0]!;
  if (active.alg !== alg) {
    throw new Error(
      `signing key #1 (the active key) is ${active.alg} but tokens.algorithm is ${alg}`,
    );
  }
  const publicJwks = keys.map((key) => Object.freeze({ ...key.publicJwk }));
  return {
    active,
    find: (kid) => byKid.get(kid),
    jwks: () => ({ keys: publicJwks.map((jwk) => ({ ...jwk })) }),
  };
}
