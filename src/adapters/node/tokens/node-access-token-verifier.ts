import { KeyObject, verify } from 'node:crypto';
import { invalidToken } from '../../../errors/errors.js';
import {
  createVerifierWith,
  type AccessTokenVerifierFactory,
  type SignatureCheck,
} from '../../../tokens/verify-access-token.js';
import { keyObjectInput, NODE_ALGORITHMS, perSigningKey } from './key-objects.js';

/**
 * The Node signature step: a synchronous node:crypto `verify` (OpenSSL) against a KeyObject made
 * once per key object. It replaces jose's Web Crypto call, a promise chain and a key preparation
 * per token; everything else (header, kid, claims, cache) is the shared pipeline.
 */
export function nodeSignatureCheck(): SignatureCheck {
  const inputOf = perSigningKey((key) => {
    const keyObject = KeyObject.from(key.publicKey);
    const { keyType, curve } = NODE_ALGORITHMS[key.alg];
    const details = keyObject.asymmetricKeyDetails;
    // As jose's key check: a key that does not fit its alg is a fixed-wording 401, not a 500.
    if (keyObject.asymmetricKeyType !== keyType || (curve && details?.namedCurve !== curve)) {
      throw invalidToken('malformed token', undefined, 'malformed');
    }
    return keyObjectInput(keyObject, key.alg);
  });
  return (parsed, key) => {
    const { digest } = NODE_ALGORITHMS[key.alg];
    const input = inputOf(key);
    let valid = false;
    try {
      valid = verify(
        digest,
        Buffer.from(parsed.signingInput, 'latin1'),
        input,
        Buffer.from(parsed.signature, 'base64url'),
      );
    } catch (cause) {
      // As jose: a signature node:crypto cannot even read (wrong length) is a bad signature.
      throw invalidToken('bad signature', cause, 'bad_signature');
    }
    if (!valid) throw invalidToken('bad signature', undefined, 'bad_signature');
  };
}

/** Verifies access tokens with node:crypto: the production verifier under Node. */
export const createNodeAccessTokenVerifier: AccessTokenVerifierFactory = (opts) =>
  createVerifierWith(nodeSignatureCheck(), opts);
