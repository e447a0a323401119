import type { JWK } from 'jose';
import type { SigningAlgorithm } from './keyring.js';

/** True when the JWK's key type (and curve) is the one `alg` signs with (RFC 7518 §3.1, RFC 8037 §3.1). */
export function jwkFitsAlgorithm(jwk: JWK, alg: SigningAlgorithm): boolean {
  switch (alg) {
    case 'ES256':
      return jwk.kty === 'EC' && jwk.crv === 'P-256';
    case 'EdDSA':
      return jwk.kty === 'OKP' && jwk.crv === 'Ed25519';
    case 'RS256':
      return jwk.kty === 'RSA';
    default:
      return false;
  }
}
