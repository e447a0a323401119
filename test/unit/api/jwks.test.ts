import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../../src/keys/keyring.js';
import { signToken, testGateway, testSigningKey } from '../../helpers/test-gateway.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public signing key with kid, alg and use, cacheable', async () => {
    const gateway = await testGateway();
    const response = await gateway.app.request('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    expect(keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: gateway.deps.keyring.active.kid,
    });
  });

  it('publishes a key that verifies the tokens the gateway signs, under the kid they carry', async () => {
    const gateway = await testGateway();
    const token = await signToken(gateway, { sub: 'user-1', sid: 's-1', scope: [] });
    const { keys } = (await (await gateway.app.request('/.well-known/jwks.json')).json()) as {
      keys: { kid: string }[];
    };
    const jwk = keys.find((k) => k.kid === decodeProtectedHeader(token).kid);
    expect(jwk).toBeDefined();
    const verified = await jwtVerify(token, await importJWK(jwk!, 'ES256'), {
      currentDate: new Date(gateway.clock.now()),
    });
    expect(verified.payload.sub).toBe('user-1');
  });

  it.each(['EdDSA', 'RS256'] as const)(
    'never publishes private members (%s, with a retired key)',
    async (alg) => {
      const active = await testSigningKey(alg);
      const retired = await testSigningKey('ES256');
      const keyring = await createKeyring([active, retired], alg);
      const gateway = await testGateway(`tokens: { algorithm: ${alg} }`, { keyring });
      const body = await (await gateway.app.request('/.well-known/jwks.json')).text();
      const { keys } = JSON.parse(body) as { keys: Record<string, unknown>[] };
      expect(keys.map((k) => k.kid)).toEqual([active.kid, retired.kid]);
      for (const key of keys)
        for (const member of PRIVATE_MEMBERS) expect(key).not.toHaveProperty(member);
      for (const jwk of [active, retired]) expect(body).not.toContain(jwk.d);
    },
  );
});
