import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { base64urlDecode } from '../../../src/lib/base64url.js';
import { generateSigningKey } from '../../../src/keys/jwk.js';

describe('generateSigningKey', () => {
  it.each([
    ['ES256', { kty: 'EC', crv: 'P-256' }],
    ['EdDSA', { kty: 'OKP', crv: 'Ed25519' }],
    ['RS256', { kty: 'RSA' }],
  ] as const)(
    'makes a private %s JWK with kid = RFC 7638 thumbprint, alg and use',
    async (alg, type) => {
      const jwk = await generateSigningKey(alg);
      expect(jwk).toMatchObject({ ...type, alg, use: 'sig' });
      expect(typeof jwk.d).toBe('string');
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
      expect(jwk.kid).toBe(await calculateJwkThumbprint(pub, 'sha256'));
    },
  );

  it('makes 2048-bit RSA keys', async () => {
    const jwk = await generateSigningKey('RS256');
    expect(base64urlDecode(jwk.n!).length * 8).toBe(2048);
  });

  it('makes a new key every time', async () => {
    const [a, b] = await Promise.all([generateSigningKey('ES256'), generateSigningKey('ES256')]);
    expect(a.kid).not.toBe(b.kid);
    expect(a.d).not.toBe(b.d);
  });
});
