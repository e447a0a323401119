import type { JWK } from 'jose';
import type { SigningAlgorithm } from './keyring.js';

/** Generates a new key pair for `alg` and returns it as a private JWK with `kid` and `alg` set. */
export async function generateSigningKey(_alg: SigningAlgorithm): Promise<JWK> {
  throw new Error('unimplemented: helper T');
}
