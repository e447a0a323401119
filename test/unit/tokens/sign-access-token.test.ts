import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createNodeAccessTokenSigner } from '../../../src/adapters/node/tokens/node-access-token-signer.js';
import { createNodeAccessTokenVerifier } from '../../../src/adapters/node/tokens/node-access-token-verifier.js';
import type { SigningAlgorithm } from '../../../src/keys/keyring.js';
import {
  createAccessTokenSigner,
  type AccessTokenSignerFactory,
} from '../../../src/tokens/sign-access-token.js';
import { createAccessTokenVerifier } from '../../../src/tokens/verify-access-token.js';
import {
  AUDIENCE,
  ISSUER,
  TTL_MS,
  tokenFixture as baseFixture,
  tokenVerifier,
} from '../../helpers/token-fixture.js';

const input = { sub: 'user-1', sid: 'session-1', scope: ['read', 'write'] };

// Every case with the portable (jose) signer and the Node adapter's (node:crypto): same header,
// same claims, tokens every verifier accepts.
const SIGNERS: Array<[string, AccessTokenSignerFactory]> = [
  ['jose', createAccessTokenSigner],
  ['node:crypto', createNodeAccessTokenSigner],
];

describe.each(SIGNERS)('access-token signer (%s)', (_name, signerFactory) => {
  const tokenFixture = (alg: SigningAlgorithm) => baseFixture(alg, { signerFactory });

  it('writes the header {alg, kid, typ: "at+jwt"} and nothing else', async () => {
    const { signer, keyring } = await tokenFixture('ES256');
    const { token } = await signer.sign(input);
    expect(decodeProtectedHeader(token)).toStrictEqual({
      alg: 'ES256',
      kid: keyring.active.kid,
      typ: 'at+jwt',
    });
  });

  it('writes exactly the registered claims, times from the injected clock', async () => {
    const { signer, clock } = await tokenFixture('ES256');
    clock.set(Date.UTC(2030, 5, 1, 12, 0, 0, 999));
    const signed = await signer.sign(input);
    const iat = Date.UTC(2030, 5, 1, 12, 0, 0) / 1000;
    expect(decodeJwt(signed.token)).toStrictEqual({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'user-1',
      sid: 'session-1',
      jti: signed.jti,
      iat,
      nbf: iat,
      exp: iat + TTL_MS / 1000,
      scope: 'read write',
    });
    expect(signed).toMatchObject({ expiresIn: TTL_MS / 1000, exp: iat + TTL_MS / 1000 });
  });

  it('gives every token a fresh 128-bit jti', async () => {
    const { signer } = await tokenFixture('ES256');
    const [a, b] = await Promise.all([signer.sign(input), signer.sign(input)]);
    expect(a.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.jti).not.toBe(b.jti);
  });

  it('adds extra claims but never lets them override registered ones', async () => {
    const { signer } = await tokenFixture('ES256');
    const signed = await signer.sign({
      ...input,
      claims: {
        tenant: 't-1',
        roles: ['a'],
        iss: 'https://evil.example',
        aud: 'other',
        sub: 'admin',
        sid: 'other-session',
        jti: 'fixed',
        iat: 0,
        nbf: 0,
        exp: 9_999_999_999,
        scope: 'admin',
        cnf: { jkt: 'x' },
        act: { sub: 'admin' },
        typ: 'JWT',
        dropped: undefined,
      },
    });
    const claims = decodeJwt(signed.token);
    expect(claims).toMatchObject({
      tenant: 't-1',
      roles: ['a'],
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'user-1',
    });
    expect(claims).toMatchObject({
      sid: 'session-1',
      jti: signed.jti,
      scope: 'read write',
      exp: signed.exp,
    });
    expect(claims.iat).toBe(signed.exp - TTL_MS / 1000);
    expect(claims.nbf).toBe(claims.iat);
    expect(claims).not.toHaveProperty('cnf');
    expect(claims).not.toHaveProperty('act');
    expect(claims).not.toHaveProperty('typ');
    expect(claims).not.toHaveProperty('dropped');
  });

  it('keeps an audience list and signs with whatever key is active at the time', async () => {
    const { keyring, clock } = await tokenFixture('ES256');
    const signer = signerFactory({
      keyring,
      issuer: ISSUER,
      audience: ['a', 'b'],
      accessTtlMs: 60_500,
      clock,
    });
    const signed = await signer.sign(input);
    expect(decodeJwt(signed.token).aud).toEqual(['a', 'b']);
    expect(signed.expiresIn).toBe(60);
  });

  it.each(['ES256', 'EdDSA', 'RS256'] as const)(
    'signs %s tokens both verifiers accept, with the claims as signed',
    async (alg) => {
      const { signer, keyring, clock } = await tokenFixture(alg);
      const signed = await signer.sign({ ...input, claims: { tenant: 't-1' } });
      for (const factory of [createAccessTokenVerifier, createNodeAccessTokenVerifier]) {
        const verifier = tokenVerifier(keyring, clock, { factory, cacheSize: 0 });
        const claims = await verifier.verify(signed.token);
        expect(claims).toMatchObject({ sub: 'user-1', sid: 'session-1', jti: signed.jti });
        expect(claims.tenant).toBe('t-1');
      }
      // JWS ES256 is R || S, 64 bytes (RFC 7518 §3.4), never DER.
      const signature = Buffer.from(signed.token.split('.')[2]!, 'base64url');
      if (alg === 'ES256') expect(signature.length).toBe(64);
    },
  );
});
