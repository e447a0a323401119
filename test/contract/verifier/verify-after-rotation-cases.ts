import { describe, expect, it } from 'vitest';
import {
  createKeyring,
  type Keyring,
  createReplaceableKeyring,
} from '../../../src/keys/keyring.js';
import { generateSigningKey } from '../../../src/keys/jwk.js';
import { fakeClock } from '../../helpers/fake-clock.js';
import {
  rejectionOf,
  signingJwk,
  tokenSigner,
  tokenVerifier,
} from '../../helpers/token-fixture.js';
import type { AccessTokenVerifierFactory } from '../../../src/tokens/verify-access-token.js';

/** verify after rotation cases, run against each verifier by verifier.contract.ts. */
export function rotationCases(factory: AccessTokenVerifierFactory): void {
  const input = { sub: 'user-1', sid: 'session-1', scope: ['read'] };
  const clock = fakeClock();

  const signerFor = (keyring: Keyring) => tokenSigner(keyring, clock);

  /** The keyring's algorithms (no fixed list), as createGateway wires it; cached by default. */
  const verifierFor = (keyring: Keyring, refreshKeys?: () => Promise<void>, cacheSize = 100) =>
    tokenVerifier(keyring, clock, { factory, refreshKeys, cacheSize });

  describe('verifying across a key rotation', () => {
    it('reloads the keys once for an unknown kid and verifies again (the race between instances)', async () => {
      const mine = await createKeyring([await signingJwk('ES256')], 'ES256');
      const rotated = await createKeyring(
        [await generateSigningKey('ES256'), await signingJwk('ES256')],
        'ES256',
      );
      const keyring = createReplaceableKeyring(mine);
      let reloads = 0;
      const verifier = verifierFor(keyring, async () => {
        reloads++;
        keyring.replace(rotated);
      });
      const { token } = await signerFor(rotated).sign(input);
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'user-1' });
      expect(reloads).toBe(1);
    });

    it('answers unknown signing key after one fruitless reload, or without a reloader', async () => {
      const mine = await createKeyring([await signingJwk('ES256')], 'ES256');
      const elsewhere = await createKeyring([await generateSigningKey('ES256')], 'ES256');
      const { token } = await signerFor(elsewhere).sign(input);
      let reloads = 0;
      const reloading = verifierFor(mine, async () => void reloads++);
      expect((await rejectionOf(reloading.verify(token))).detail).toBe('unknown signing key');
      expect(reloads).toBe(1);
      expect((await rejectionOf(verifierFor(mine).verify(token))).detail).toBe(
        'unknown signing key',
      );
    });

    it('does not reload for a token without a kid', async () => {
      const keyring = await createKeyring([await signingJwk('ES256')], 'ES256');
      const { token } = await signerFor(keyring).sign(input);
      const [header, ...rest] = token.split('.');
      const noKid = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt' })).toString(
        'base64url',
      );
      expect(header).not.toBe(noKid);
      let reloads = 0;
      const verifier = verifierFor(keyring, async () => void reloads++);
      await rejectionOf(verifier.verify([noKid, ...rest].join('.')));
      expect(reloads).toBe(0);
    });

    it('follows the keyring: a swapped-in key signs, the old one verifies, a dropped one fails', async () => {
      const first = await createKeyring([await signingJwk('ES256')], 'ES256');
      const keyring = createReplaceableKeyring(first);
      const signer = signerFor(keyring);
      const verifier = verifierFor(keyring);
      const old = await signer.sign(input);
      await verifier.verify(old.token); // now cached
      const next = await generateSigningKey('ES256');
      keyring.replace(await createKeyring([next, await signingJwk('ES256')], 'ES256'));
      const fresh = await signer.sign(input);
      expect(JSON.parse(Buffer.from(fresh.token.split('.')[0]!, 'base64url').toString()).kid).toBe(
        next.kid,
      );
      await expect(verifier.verify(old.token)).resolves.toMatchObject({ jti: old.jti });
      await expect(verifier.verify(fresh.token)).resolves.toMatchObject({ jti: fresh.jti });
      keyring.replace(await createKeyring([next], 'ES256'));
      expect((await rejectionOf(verifier.verify(old.token))).detail).toBe('unknown signing key');
    });

    it('accepts the algorithms of the keys it holds, read at each verification', async () => {
      const keyring = createReplaceableKeyring(
        await createKeyring([await signingJwk('ES256')], 'ES256'),
      );
      const verifier = verifierFor(keyring, undefined, 0);
      const eddsa = await createKeyring(
        [await signingJwk('EdDSA'), await signingJwk('ES256')],
        'EdDSA',
      );
      const { token } = await signerFor(eddsa).sign(input);
      expect((await rejectionOf(verifier.verify(token))).detail).toBe('algorithm not allowed');
      keyring.replace(eddsa);
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'user-1' });
    });
  });
}
