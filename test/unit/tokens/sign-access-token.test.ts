import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAccessTokenSigner } from '../../../src/tokens/sign-access-token.js';
import { AUDIENCE, ISSUER, TTL_MS, tokenFixture } from '../../helpers/token-fixture.js';

const input = { sub: 'user-1', sid: 'session-1', scope: ['read', 'write'] };

describe('createAccessTokenSigner', () => {
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
    const signer = createAccessTokenSigner({
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
});
