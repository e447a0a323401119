import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createKeyring, type SigningAlgorithm } from '../../../src/keys/keyring.js';
import { generateSigningKey } from '../../../src/keys/jwk.js';
import { signingJwk } from '../../helpers/token-fixture.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** The error createKeyring throws, checked to carry no key material. */
async function keyringError(jwks: JWK[], alg: SigningAlgorithm = 'ES256'): Promise<string> {
  const error = await createKeyring(jwks, alg).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  for (const jwk of jwks) {
    for (const member of [...PRIVATE_MEMBERS, 'x', 'y', 'n']) {
      const value = (jwk as Record<string, unknown>)[member];
      if (typeof value === 'string') expect(message).not.toContain(value);
    }
  }
  return message;
}

describe('createKeyring', () => {
  it('makes the first key active and finds every key by kid', async () => {
    const active = await signingJwk('ES256');
    const retired = await generateSigningKey('ES256');
    const keyring = await createKeyring([active, retired], 'ES256');
    expect(keyring.active.kid).toBe(active.kid);
    expect(keyring.find(active.kid!)).toBe(keyring.active);
    expect(keyring.find(retired.kid!)?.kid).toBe(retired.kid);
  });

  it.each(['__proto__', 'constructor', 'toString', '../../etc/passwd', ''])(
    'treats kid %j as unknown',
    async (kid) => {
      const keyring = await createKeyring([await signingJwk('ES256')], 'ES256');
      expect(keyring.find(kid)).toBeUndefined();
    },
  );

  it('uses the RFC 7638 thumbprint when the JWK has no kid', async () => {
    const { kid: _kid, ...jwk } = await signingJwk('ES256');
    const keyring = await createKeyring([jwk], 'ES256');
    expect(keyring.active.kid).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
  });

  it.each([
    ['ES256', ['kty', 'crv', 'x', 'y']],
    ['EdDSA', ['kty', 'crv', 'x']],
    ['RS256', ['kty', 'n', 'e']],
  ] as const)('publishes only public %s members with kid, alg and use', async (alg, members) => {
    const jwk = await signingJwk(alg);
    const { keys } = (await createKeyring([jwk], alg)).jwks();
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!).sort()).toEqual([...members, 'kid', 'alg', 'use'].sort());
    expect(keys[0]).toMatchObject({ kid: jwk.kid, alg, use: 'sig' });
  });

  it('publishes every key, retired ones included, and hands out copies', async () => {
    const retired = await generateSigningKey('ES256');
    const keyring = await createKeyring([await signingJwk('ES256'), retired], 'ES256');
    const first = keyring.jwks();
    expect(first.keys.map((k) => k.kid)).toEqual([keyring.active.kid, retired.kid]);
    first.keys[0]!.kid = 'changed';
    expect(keyring.jwks().keys[0]!.kid).toBe(keyring.active.kid);
  });

  it('keeps retired keys of another algorithm verifying', async () => {
    const keyring = await createKeyring(
      [await signingJwk('EdDSA'), await signingJwk('ES256')],
      'EdDSA',
    );
    expect(keyring.find((await signingJwk('ES256')).kid!)?.alg).toBe('ES256');
  });

  it('rejects a public-only JWK', async () => {
    const { d: _d, ...pub } = await signingJwk('ES256');
    expect(await keyringError([pub])).toMatch(/signing key #1.*no private key material/);
  });

  it('rejects a JWK whose alg does not fit its key type', async () => {
    const jwk = await signingJwk('ES256');
    expect(await keyringError([{ ...jwk, alg: 'EdDSA' }], 'EdDSA')).toMatch(
      /key type does not fit EdDSA/,
    );
    expect(
      await keyringError([{ ...(await signingJwk('EdDSA')), alg: undefined }], 'ES256'),
    ).toMatch(/key type does not fit ES256/);
  });

  it('rejects symmetric and unknown algorithms', async () => {
    expect(
      await keyringError([{ kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ', alg: 'HS256' }]),
    ).toMatch(/"alg" must be ES256, EdDSA or RS256/);
    expect(await keyringError([{ kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ' }])).toMatch(
      /key type does not fit ES256/,
    );
  });

  it('rejects a private key that does not belong to its public key', async () => {
    const ec = await signingJwk('ES256');
    const otherEc = await generateSigningKey('ES256');
    // WebCrypto refuses the EC pair at import; the RSA pair only fails the sign/verify probe.
    expect(await keyringError([{ ...ec, d: otherEc.d }])).toMatch(
      /cannot be imported|does not match/,
    );
    const rsa = await signingJwk('RS256');
    const otherRsa = await generateSigningKey('RS256');
    expect(await keyringError([{ ...rsa, n: otherRsa.n }], 'RS256')).toMatch(
      /signing key #1 \(kid "[^"]+"\): the private key does not match the public key/,
    );
  });

  it('rejects RSA keys under 2048 bits', async () => {
    const { privateKey } = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    );
    const jwk = await exportJWK(privateKey);
    expect(await keyringError([{ ...jwk, alg: 'RS256' }], 'RS256')).toMatch(/at least 2048 bits/);
  });

  it('rejects malformed key values without quoting them', async () => {
    const jwk = await signingJwk('ES256');
    expect(await keyringError([{ ...jwk, x: 'AAAA', kid: 'k1' }])).toMatch(
      /signing key #1 \(kid "k1"\): cannot be imported/,
    );
  });

  it('rejects an active key of another algorithm than configured', async () => {
    expect(await keyringError([await signingJwk('ES256')], 'EdDSA')).toMatch(
      /#1 .*is ES256 but tokens.algorithm is EdDSA/,
    );
  });

  it('rejects duplicate kids, an empty list and a key meant for encryption', async () => {
    const jwk = await signingJwk('ES256');
    expect(await keyringError([jwk, jwk])).toMatch(/#2: duplicate kid/);
    expect(await keyringError([])).toMatch(/at least one private JWK/);
    expect(await keyringError([{ ...jwk, use: 'enc' }])).toMatch(/"use" must be "sig"/);
  });

  it('imports a key generated outside gatehouse', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const keyring = await createKeyring([await exportJWK(privateKey)], 'ES256');
    expect(keyring.active.alg).toBe('ES256');
  });
});
