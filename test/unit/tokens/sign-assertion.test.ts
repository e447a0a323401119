import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../../src/keys/jwk.js';
import { createKeyring, createReplaceableKeyring } from '../../../src/keys/keyring.js';
import { ASSERTION_REUSE_MS, createAssertionSigner } from '../../../src/tokens/sign-assertion.js';
import { fakeClock } from '../../helpers/fake-clock.js';
import { ISSUER, signingJwk } from '../../helpers/token-fixture.js';

const NOW = Date.UTC(2030, 0, 1);

async function fixture(cacheSize?: number) {
  const keyring = createReplaceableKeyring(
    await createKeyring([await signingJwk('ES256')], 'ES256'),
  );
  const clock = fakeClock(NOW);
  const signer = createAssertionSigner({ keyring, issuer: ISSUER, clock, cacheSize });
  return { keyring, clock, signer };
}

const identity = {
  sub: 'alice',
  sid: 'sid-1',
  scope: ['read'],
  jti: 'at-1',
  exp: NOW / 1000 + 300,
};
const input = { audience: 'orders', identity, method: 'GET', path: '/api/x?y=1' };

describe('createAssertionSigner', () => {
  it('signs {alg, kid, typ} and exactly the assertion claims, 60 s at most', async () => {
    const { signer, keyring } = await fixture();
    const token = await signer.sign(input);
    expect(decodeProtectedHeader(token)).toStrictEqual({
      alg: 'ES256',
      kid: keyring.active.kid,
      typ: 'gatehouse-assertion+jwt',
    });
    const claims = decodeJwt(token);
    expect(claims).toStrictEqual({
      iss: ISSUER,
      aud: 'orders',
      sub: 'alice',
      sid: 'sid-1',
      scope: 'read',
      jti: claims.jti,
      htm: 'GET',
      path: '/api/x?y=1',
      iat: NOW / 1000,
      exp: NOW / 1000 + 60,
    });
  });

  it('never outlives the access token', async () => {
    const { signer } = await fixture();
    const token = await signer.sign({ ...input, identity: { ...identity, exp: NOW / 1000 + 10 } });
    expect(decodeJwt(token).exp).toBe(NOW / 1000 + 10);
  });

  it('reuses an assertion for the same token, method and path for 5 s, then signs afresh', async () => {
    const { signer, clock } = await fixture();
    const first = await signer.sign(input);
    clock.advance(ASSERTION_REUSE_MS - 1);
    expect(await signer.sign(input)).toBe(first);
    expect(await signer.sign({ ...input, path: '/api/other' })).not.toBe(first);
    expect(await signer.sign({ ...input, method: 'POST' })).not.toBe(first);
    expect(await signer.sign({ ...input, audience: 'billing' })).not.toBe(first);
    expect(await signer.sign({ ...input, identity: { ...identity, jti: 'at-2' } })).not.toBe(first);
    clock.advance(1);
    const fresh = await signer.sign(input);
    expect(fresh).not.toBe(first);
    expect(decodeJwt(fresh).jti).not.toBe(decodeJwt(first).jti);
  });

  it('signs afresh with the new active key after a rotation', async () => {
    const { signer, keyring } = await fixture();
    const first = await signer.sign(input);
    keyring.replace(await createKeyring([await generateSigningKey('ES256')], 'ES256'));
    const next = await signer.sign(input);
    expect(decodeProtectedHeader(next).kid).toBe(keyring.active.kid);
    expect(decodeProtectedHeader(next).kid).not.toBe(decodeProtectedHeader(first).kid);
  });

  it('keeps at most cacheSize assertions, and none with cacheSize 0', async () => {
    const { signer } = await fixture(2);
    const a = await signer.sign({ ...input, path: '/a' });
    await signer.sign({ ...input, path: '/b' });
    await signer.sign({ ...input, path: '/c' }); // evicts /a, the oldest
    expect(await signer.sign({ ...input, path: '/a' })).not.toBe(a);
    const uncached = (await fixture(0)).signer;
    expect(await uncached.sign(input)).not.toBe(await uncached.sign(input));
  });
});
