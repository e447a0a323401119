import { KeyObject, sign } from 'node:crypto';
import {
  createSignerWith,
  type AccessTokenSignerFactory,
  type CompactJwsSigner,
} from '../../../tokens/sign-access-token.js';
import { keyObjectInput, NODE_ALGORITHMS, perSigningKey } from './key-objects.js';

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The Node signature step: the compact JWS built here and signed with a synchronous node:crypto
 * `sign` (OpenSSL) against a KeyObject made once per key object, instead of jose's Web Crypto job
 * and promise chain (measured on one core: ES256 47 µs → 23 µs a signature).
 */
export function nodeCompactJws(): CompactJwsSigner {
  const inputOf = perSigningKey((key) => keyObjectInput(KeyObject.from(key.privateKey), key.alg));
  return (header, payload, key) => {
    const signingInput = `${segment(header)}.${segment(payload)}`;
    const signature = sign(
      NODE_ALGORITHMS[key.alg].digest,
      Buffer.from(signingInput),
      inputOf(key),
    );
    return `${signingInput}.${signature.toString('base64url')}`;
  };
}

/** Signs access tokens with node:crypto: the production signer under Node. */
export const createNodeAccessTokenSigner: AccessTokenSignerFactory = (opts) =>
  createSignerWith(nodeCompactJws(), opts);
