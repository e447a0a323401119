import { describe, expect, it } from 'vitest';
import { createKeyring, type SigningAlgorithm } from '../../../src/keys/keyring.js';
import { attackVectors, buildAttackTokens } from '../../helpers/attack-tokens.js';
import { fakeClock } from '../../helpers/fake-clock.js';
import {
  AUDIENCE,
  ISSUER,
  rejectionOf,
  signingJwk,
  tokenSigner,
  tokenVerifier,
} from '../../helpers/token-fixture.js';
import type { AccessTokenVerifierFactory } from '../../../src/tokens/verify-access-token.js';

/** attack tokens cases, run against each verifier by verifier.contract.ts. */
export function attackTokenCases(factory: AccessTokenVerifierFactory): void {
  describe.each(['ES256', 'EdDSA', 'RS256'] as const)(
    'attack tokens against %s',
    (alg: SigningAlgorithm) => {
      const setup = async () => {
        const jwk = await signingJwk(alg);
        const clock = fakeClock();
        const keyring = await createKeyring([jwk], alg);
        const verifier = tokenVerifier(keyring, clock, {
          factory,
          algorithms: [alg],
          cacheSize: 100,
        });
        const signer = tokenSigner(keyring, clock);
        const tokens = await buildAttackTokens({
          signingJwk: jwk,
          issuer: ISSUER,
          audience: AUDIENCE,
          clock,
        });
        return { verifier, signer, tokens };
      };
      const ready = setup();

      it('has a token for every vector and a vector for every token', async () => {
        const { tokens } = await ready;
        expect(Object.keys(tokens).sort()).toEqual(attackVectors.map((v) => v.name).sort());
        expect(new Set(attackVectors.map((v) => v.name)).size).toBe(attackVectors.length);
      });

      it('accepts a genuine token through the same verifier (control)', async () => {
        const { verifier, signer } = await ready;
        const { token } = await signer.sign({
          sub: 'attack-target',
          sid: 'attack-session',
          scope: ['read'],
        });
        await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'attack-target' });
      });

      it.each(attackVectors.map((v) => [v.name, v] as const))(
        'rejects %s',
        async (name, vector) => {
          const { verifier, tokens } = await ready;
          const token = tokens[name]!;
          // Twice: a rejected token must not be served from the verified-token cache either.
          for (let i = 0; i < 2; i++) {
            const error = await rejectionOf(verifier.verify(token));
            expect(error, `${vector.title} (${vector.rfc})`).toMatchObject({
              status: 401,
              code: 'invalid-token',
              detail: vector.expectDetail,
            });
            expect(error.message).toBe(vector.expectDetail);
          }
        },
      );
    },
  );
}
