import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SigningAlgorithm } from './keyring.js';

/** Generates a new key pair for `alg` and returns it as a private JWK with `kid` and `alg` set. */
export async function generateSigningKey(alg: SigningAlgorithm): Promise<JWK> {
  // EdDSA → Ed25519, RS256 → 2048-bit modulus: jose's defaults for these algorithms.
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  // RFC 7638 thumbprint of the public key, so the kid is stable and derivable by anyone.
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey), 'sha256');
  return { ...jwk, kid, alg, use: 'sig' };
}
