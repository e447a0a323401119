import { describe, expect, it } from 'vitest';
import { createNodeAccessTokenVerifier } from '../../../src/adapters/node/tokens/node-access-token-verifier.js';
import { createKeyring, type SigningAlgorithm } from '../../../src/keys/keyring.js';
import { createAccessTokenVerifier } from '../../../src/tokens/verify-access-token.js';
import { buildAttackTokens } from '../../helpers/attack-tokens.js';
import { fakeClock } from '../../helpers/fake-clock.js';
import { AUDIENCE, ISSUER, signingJwk, tokenVerifier } from '../../helpers/token-fixture.js';

/** How a verifier answers a token: its claims' jti, or its refusal's wording and metric label. */
async function outcomeOf(verify: Promise<{ jti: string }>) {
  return verify.then(
    (claims) => ({ jti: claims.jti }),
    (error: { detail?: string; reason?: string; status?: number }) => ({
      status: error.status,
      detail: error.detail,
      reason: error.reason,
    }),
  );
}

describe.each(['ES256', 'EdDSA', 'RS256'] as const)(
  'jose and node:crypto verifiers answer every attack token alike (%s)',
  (alg: SigningAlgorithm) => {
    it('gives the same refusal, wording and reason label, for each', async () => {
      const jwk = await signingJwk(alg);
      const clock = fakeClock();
      const keyring = await createKeyring([jwk], alg);
      const tokens = await buildAttackTokens({
        signingJwk: jwk,
        issuer: ISSUER,
        audience: AUDIENCE,
        clock,
      });
      const jose = tokenVerifier(keyring, clock, { factory: createAccessTokenVerifier });
      const node = tokenVerifier(keyring, clock, { factory: createNodeAccessTokenVerifier });
      for (const [name, token] of Object.entries(tokens)) {
        const [a, b] = [await outcomeOf(jose.verify(token)), await outcomeOf(node.verify(token))];
        expect(b, name).toEqual(a);
        expect(a, name).toMatchObject({ status: 401 });
      }
    });
  },
);
