import type { JWK } from 'jose';
import { importSigningKey } from './jwk.js';
import type { Clock } from '../lib/clock.js';
import type { StoredKeySet } from '../store/key-set-store.js';

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

/**
 * `keyring` with each retired key in `verifyUntil` (kid → epoch ms) verifying, and listed in the
 * JWKS, only until then: by that time the last token it signed has expired everywhere
 * (README "Tokens and keys": a retired key stays in the JWKS until its last token has expired), so
 * it leaves on its own instead of at the next rotation.
 */
export function expiringKeyring(
  keyring: Keyring,
  verifyUntil: ReadonlyMap<string, number>,
  clock: Clock,
): Keyring {
  const live = (kid: string | undefined) => {
    const until = kid === undefined ? undefined : verifyUntil.get(kid);
    return until === undefined || clock.now() < until;
  };
  return {
    get active() {
      return keyring.active;
    },
    find: (kid) => (live(kid) ? keyring.find(kid) : undefined),
    jwks: () => ({ keys: keyring.jwks().keys.filter((jwk) => live(jwk.kid)) }),
  };
}

/** The set's keyring: each retired key verifies until `keepMs` after its retirement. */
export async function keyringOf(
  set: StoredKeySet,
  algorithm: SigningAlgorithm,
  opts: { clock: Clock; keepMs: number },
): Promise<Keyring> {
  const verifyUntil = new Map<string, number>();
  for (const key of set.keys) {
    if (key.retiredAt !== null) verifyUntil.set(String(key.jwk.kid), key.retiredAt + opts.keepMs);
  }
  return expiringKeyring(await createKeyring(jwksOf(set), algorithm), verifyUntil, opts.clock);
}

function jwksOf(set: StoredKeySet): JWK[] {
  return set.keys.map((key) => key.jwk as JWK);
}

/** The algorithm of the set's active key, if it names one. */
export function activeAlgorithm(set: StoredKeySet): SigningAlgorithm | undefined {
  const alg = set.keys[0]?.jwk.alg;
  return typeof alg === 'string' ? (alg as SigningAlgorithm) : undefined;
}

/** A Keyring whose keys can be swapped at run time (rotation, a reload from the store). */
export interface ReplaceableKeyring extends Keyring {
  /** Makes `next` the keyring every later `active`, `find` and `jwks` call reads. */
  replace(next: Keyring): void;
}

/**
 * Wraps a keyring so it can be replaced without rebuilding the signer, the verifier or the routes:
 * they all read `active`, `find` and `jwks` per call, so a swap takes effect on the next request.
 * The verified-token cache notices a swapped key object by identity and verifies afresh.
 */
export function createReplaceableKeyring(initial: Keyring): ReplaceableKeyring {
  let current = initial;
  return {
    get active() {
      return current.active;
    },
    find: (kid) => current.find(kid),
    jwks: () => current.jwks(),
    replace(next) {
      current = next;
    },
  };
}
