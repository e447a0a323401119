import { KeyObject, verify, type VerifyKeyObjectInput } from 'node:crypto';
import { invalidToken } from '../../../errors/errors.js';
import type { SigningAlgorithm, SigningKey } from '../../../keys/keyring.js';
import {
  createVerifierWith,
  type AccessTokenVerifierFactory,
  type SignatureCheck,
} from '../../../tokens/verify-access-token.js';

/** node:crypto's digest and key input per keyring algorithm (RFC 7518 §3.3, §3.4; RFC 8037 §3.1). */
const NODE_ALGORITHMS: Record<
  SigningAlgorithm,
  { digest: string | null; keyType: string; curve?: string }
> = {
  // ES256's JWS signature is R || S (IEEE P1363), not the DER node:crypto defaults to.
  ES256: { digest: 'sha256', keyType: 'ec', curve: 'prime256v1' },
  // Ed25519 hashes internally: node:crypto takes no digest for it.
  EdDSA: { digest: null, keyType: 'ed25519' },
  // An RSA KeyObject verifies RSASSA-PKCS1-v1_5 unless told otherwise.
  RS256: { digest: 'sha256', keyType: 'rsa' },
};

/**
 * The Node signature step: a synchronous node:crypto `verify` (OpenSSL) against a KeyObject made
 * once per key object. It replaces jose's Web Crypto call, a promise chain and a key preparation
 * per token; everything else (header, kid, claims, cache) is the shared pipeline.
 */
export function nodeSignatureCheck(): SignatureCheck {
  // Keyed by the keyring's key object, so a reloaded keyring gets fresh KeyObjects.
  const inputs = new WeakMap<SigningKey, VerifyKeyObjectInput>();
  const inputOf = (key: SigningKey): VerifyKeyObjectInput => {
    let input = inputs.get(key);
    if (input === undefined) {
      const keyObject = KeyObject.from(key.publicKey);
      const { keyType, curve } = NODE_ALGORITHMS[key.alg];
      const details = keyObject.asymmetricKeyDetails;
      // As jose's key check: a key that does not fit its alg is a fixed-wording 401, not a 500.
      if (keyObject.asymmetricKeyType !== keyType || (curve && details?.namedCurve !== curve)) {
        throw invalidToken('malformed token', undefined, 'malformed');
      }
      input = curve ? { key: keyObject, dsaEncoding: 'ieee-p1363' } : { key: keyObject };
      inputs.set(key, input);
    }
    return input;
  };
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
