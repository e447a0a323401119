import type { JWK } from 'jose';

/** Asymmetric algorithms the gateway signs with (README "Reference": asymmetric only). */
export type SigningAlgorithm = 'ES256' | 'EdDSA' | 'RS256';

/** One signing key pair. `kid` is the JWK's own kid, else the RFC 7638 thumbprint of its public key. */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Public JWK with `kid`, `alg` and `use: "sig"`. */
  publicJwk: JWK;
}

/** The keys the gateway signs and verifies with. */
export interface Keyring {
  /** The key that signs new tokens. */
  readonly active: SigningKey;
  /** The key with this kid (active or retired-but-still-verifying); undefined when unknown. */
  find(kid: string): SigningKey | undefined;
  /** The public JWK Set (RFC 7517 §5): the active key and every retired key still verifying. */
  jwks(): { keys: JWK[] };
}
