import { describe, expect, it } from 'vitest';
import { createNodeAccessTokenVerifier } from '../../../../../src/adapters/node/tokens/node-access-token-verifier.js';
import { createKeyring, createReplaceableKeyring } from '../../../../../src/keys/keyring.js';
import { fakeClock } from '../../../../helpers/fake-clock.js';
import {
  countingKeyring,
  signingJwk,
  tokenSigner,
  tokenVerifier,
} from '../../../../helpers/token-fixture.js';

const input = { sub: 'u', sid: 's', scope: [] };

describe('createNodeAccessTokenVerifier', () => {
  it.each(['ES256', 'EdDSA', 'RS256'] as const)(
    'makes one KeyObject per key, not one per token (%s)',
    async (alg) => {
      const clock = fakeClock();
      const keyring = countingKeyring(await createKeyring([await signingJwk(alg)], alg));
      const signer = tokenSigner(keyring, clock);
      const verifier = tokenVerifier(keyring, clock, {
        factory: createNodeAccessTokenVerifier,
        cacheSize: 0,
      });
      for (let i = 0; i < 3; i++) {
        await expect(verifier.verify((await signer.sign(input)).token)).resolves.toBeDefined();
      }
      expect(keyring.publicKeyReads).toBe(1);
    },
  );

  it('makes a fresh KeyObject for a key object a reloaded keyring brings', async () => {
    const clock = fakeClock();
    const jwk = await signingJwk('ES256');
    const keyring = createReplaceableKeyring(await createKeyring([jwk], 'ES256'));
    const signer = tokenSigner(keyring, clock);
    const verifier = tokenVerifier(keyring, clock, {
      factory: createNodeAccessTokenVerifier,
      algorithms: ['ES256'],
      cacheSize: 0,
    });
    const { token } = await signer.sign(input);
    await verifier.verify(token);
    const other = await createKeyring([await signingJwk('EdDSA')], 'EdDSA');
    // Same kid, another key: the old KeyObject must not be reused for it.
    const { kid } = keyring.active;
    keyring.replace({
      ...other,
      find: (asked) => (asked === kid ? { ...other.active, kid, alg: 'ES256' } : undefined),
    });
    await expect(verifier.verify(token)).rejects.toMatchObject({ detail: 'malformed token' });
  });
});
