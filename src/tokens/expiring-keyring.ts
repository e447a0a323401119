import type { Clock } from '../lib/clock.js';
import type { Keyring } from './keyring.js';

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
