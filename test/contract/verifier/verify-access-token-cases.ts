import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createKeyring, type Keyring } from '../../../src/keys/keyring.js';
import { generateSigningKey } from '../../../src/keys/jwk.js';
import { fakeClock } from '../../helpers/fake-clock.js';
import {
  AUDIENCE,
  ISSUER,
  rejectionOf,
  signingJwk,
  TOLERANCE_MS,
  TTL_MS,
  tokenSigner,
  tokenVerifier,
  tokenFixture,
} from '../../helpers/token-fixture.js';
import type { AccessTokenVerifierFactory } from '../../../src/tokens/verify-access-token.js';

/** verify access token cases, run against each verifier by verifier.contract.ts. */
export function verifyCases(factory: AccessTokenVerifierFactory): void {
  const input = {
    sub: 'user-1',
    sid: 'session-1',
    scope: ['read', 'write'],
    claims: { tenant: 't-1' },
  };

  /** Pinned to the active key's algorithm, no cache. */
  const verifierFor = (keyring: Keyring, clock = fakeClock()) =>
    tokenVerifier(keyring, clock, { factory, algorithms: [keyring.active.alg] });

  describe('createAccessTokenVerifier', () => {
    it.each(['ES256', 'EdDSA', 'RS256'] as const)(
      'verifies what the signer signs (%s)',
      async (alg) => {
        const { signer, verifier } = await tokenFixture(alg, { factory, cacheSize: 0 });
        const signed = await signer.sign(input);
        const claims = await verifier.verify(signed.token);
        expect(claims).toMatchObject({
          iss: ISSUER,
          aud: AUDIENCE,
          sub: 'user-1',
          sid: 'session-1',
        });
        expect(claims).toMatchObject({
          jti: signed.jti,
          exp: signed.exp,
          scope: 'read write',
          tenant: 't-1',
        });
        expect(Object.isFrozen(claims)).toBe(true);
      },
    );

    it('accepts exp within the clock tolerance and rejects it beyond', async () => {
      const { signer, verifier, clock } = await tokenFixture('ES256', { factory, cacheSize: 0 });
      const { token } = await signer.sign(input);
      clock.advance(TTL_MS + TOLERANCE_MS - 1_000);
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'user-1' });
      clock.advance(1_000);
      expect((await rejectionOf(verifier.verify(token))).detail).toBe('token expired');
    });

    it('rejects a token from the future beyond the tolerance', async () => {
      const { signer, verifier, clock } = await tokenFixture('ES256', { factory, cacheSize: 0 });
      const { token } = await signer.sign(input);
      clock.advance(-TOLERANCE_MS);
      await expect(verifier.verify(token)).resolves.toBeDefined();
      clock.advance(-1_000);
      expect((await rejectionOf(verifier.verify(token))).detail).toBe('token not yet valid');
    });

    it('accepts typ "application/at+jwt" and defaults a missing scope to ""', async () => {
      const jwk = await signingJwk('ES256');
      const keyring = await createKeyring([jwk], 'ES256');
      const clock = fakeClock();
      const iat = Math.floor(clock.now() / 1000);
      const token = await new SignJWT({
        iss: ISSUER,
        aud: AUDIENCE,
        sub: 's',
        sid: 'x',
        jti: 'j',
        iat,
        exp: iat + 60,
      })
        .setProtectedHeader({ alg: 'ES256', kid: keyring.active.kid, typ: 'application/at+jwt' })
        .sign(keyring.active.privateKey);
      await expect(verifierFor(keyring, clock).verify(token)).resolves.toMatchObject({
        scope: '',
        nbf: iat,
      });
    });

    it('keeps verifying tokens of a retired key that is still in the keyring', async () => {
      const clock = fakeClock();
      const old = await createKeyring([await signingJwk('ES256')], 'ES256');
      const rotated = await createKeyring(
        [await generateSigningKey('ES256'), await signingJwk('ES256')],
        'ES256',
      );
      const { token } = await tokenSigner(old, clock).sign(input);
      await expect(verifierFor(rotated, clock).verify(token)).resolves.toMatchObject({
        sub: 'user-1',
      });
      const fresh = await createKeyring([await generateSigningKey('ES256')], 'ES256');
      expect((await rejectionOf(verifierFor(fresh, clock).verify(token))).detail).toBe(
        'unknown signing key',
      );
    });

    it('rejects a key whose alg differs from the header even when the algorithm is allowed', async () => {
      const clock = fakeClock();
      const keyring = await createKeyring(
        [await signingJwk('EdDSA'), await signingJwk('ES256')],
        'EdDSA',
      );
      const es256 = keyring.find((await signingJwk('ES256')).kid!)!;
      const token = await new SignJWT({ sub: 's' })
        .setProtectedHeader({ alg: 'EdDSA', kid: es256.kid, typ: 'at+jwt' })
        .sign(keyring.active.privateKey);
      const verifier = tokenVerifier(keyring, clock, { factory, algorithms: ['EdDSA', 'ES256'] });
      expect((await rejectionOf(verifier.verify(token))).detail).toBe('algorithm not allowed');
    });

    it('turns a failure outside jose into a fixed-wording 401', async () => {
      const clock = fakeClock();
      const keyring = await createKeyring([await signingJwk('ES256')], 'ES256');
      const { token } = await tokenSigner(keyring, clock).sign(input);
      const eddsa = await createKeyring([await signingJwk('EdDSA')], 'EdDSA');
      // A key whose CryptoKey does not fit its alg makes jose throw a plain TypeError.
      const broken: Keyring = {
        ...keyring,
        find: (kid) => ({ ...keyring.find(kid)!, publicKey: eddsa.active.publicKey }),
      };
      const error = await rejectionOf(verifierFor(broken, clock).verify(token));
      expect(error).toMatchObject({ status: 401, detail: 'malformed token' });
      expect(error.message).not.toContain(token.split('.')[1]);
    });

    it.each(['', 'a.b', 'a.b.c', '...', 'e30.e30.e30.e30'])(
      'rejects %j as a malformed token',
      async (token) => {
        const { verifier } = await tokenFixture('ES256', { factory });
        const error = await rejectionOf(verifier.verify(token));
        expect(error).toMatchObject({ status: 401, detail: 'malformed token' });
      },
    );

    it('refuses another spelling of a cached token before the cache answers', async () => {
      const { signer, verifier, keyring } = await tokenFixture('ES256', {
        factory,
        cacheSize: 100,
      });
      const { token } = await signer.sign(input);
      await verifier.verify(token);
      const reads = keyring.publicKeyReads;
      for (const spelling of [`${token}==`, `${token}=`, `${token.slice(0, -1)}~`]) {
        const error = await rejectionOf(verifier.verify(spelling));
        expect(error).toMatchObject({
          status: 401,
          detail: 'malformed token',
          reason: 'malformed',
        });
      }
      // Refused before jose ran: no signature was checked for them.
      expect(keyring.publicKeyReads).toBe(reads);
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'user-1' });
    });
  });
}
