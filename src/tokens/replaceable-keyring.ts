import type { Keyring } from './keyring.js';

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
