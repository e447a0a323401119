import type { JWK } from 'jose';
import type { Keyring, SigningAlgorithm } from './keyring.js';

/** Imports private JWKs (the first is active, the rest verify only) into a Keyring. */
export async function createKeyring(_privateJwks: readonly JWK[], _alg: SigningAlgorithm): Promise<Keyring> {
  throw new Error('unimplemented: helper T');
}
