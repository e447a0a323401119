import { describe, expect, it } from 'vitest';
import type { AccessTokenClaims } from '../../../src/tokens/access-token-claims.js';
import type { Keyring, SigningKey } from '../../../src/keys/keyring.js';
import { createAccessTokenSigner } from '../../../src/tokens/sign-access-token.js';
import { createVerifiedTokenCache } from '../../../src/tokens/verified-token-cache.js';
import {
  AUDIENCE,
  rejectionOf,
  TOLERANCE_MS,
  TTL_MS,
  tokenFixture,
} from '../../helpers/token-fixture.js';

const key = { kid: 'k1', alg: 'ES256' } as SigningKey;
const keys = new Map([[key.kid, key]]);
const keyring: Keyring = { active: key, find: (kid) => keys.get(kid), jwks: () => ({ keys: [] }) };
const T = 1_900_000_000; // seconds

function claims(jti: string, nbf = T, exp = T + 300): AccessTokenClaims {
  return { iss: 'i', aud: 'a', sub: 's', sid: 'x', jti, iat: nbf, nbf, exp, scope: '' };
}

const cache = (maxEntries: number) =>
  createVerifiedTokenCache({ maxEntries, keyring, clockToleranceMs: 5_000 });

describe('createVerifiedTokenCache', () => {
  it('misses unknown tokens and hits the exact token string only', () => {
    const c = cache(10);
    const entry = claims('a');
    c.set('tok-a', entry, key);
    expect(c.get('tok-a', T * 1000)).toBe(entry);
    expect(c.get('tok-a ', T * 1000)).toBeUndefined();
    expect(c.get('tok-b', T * 1000)).toBeUndefined();
  });

  it('fails and evicts once exp + tolerance has passed, like jose (exp <= now - tolerance)', () => {
    const c = cache(10);
    c.set('tok', claims('a'), key);
    expect(c.get('tok', (T + 304) * 1000 + 999)).toBeDefined();
    expect(() => c.get('tok', (T + 305) * 1000)).toThrow('token expired');
    expect(c.size).toBe(0);
    expect(c.get('tok', T * 1000)).toBeUndefined();
  });

  it('fails a token before nbf - tolerance (a clock set back) without evicting it', () => {
    const c = cache(10);
    c.set('tok', claims('a', T + 100), key);
    expect(() => c.get('tok', (T + 94) * 1000)).toThrow('token not yet valid');
    expect(c.get('tok', (T + 95) * 1000)).toBeDefined();
  });

  it('fails and evicts tokens whose key left the keyring', () => {
    const c = cache(10);
    c.set('tok', claims('a'), key);
    keys.delete('k1');
    try {
      expect(() => c.get('tok', T * 1000)).toThrow('unknown signing key');
      expect(c.size).toBe(0);
    } finally {
      keys.set('k1', key);
    }
  });

  it('misses (to verify afresh) when the kid now maps to another key object', () => {
    const c = cache(10);
    c.set('tok', claims('a'), key);
    keys.set('k1', { ...key });
    try {
      expect(c.get('tok', T * 1000)).toBeUndefined();
      expect(c.size).toBe(0);
    } finally {
      keys.set('k1', key);
    }
  });

  it('stays within maxEntries, evicting in insertion order', () => {
    const c = cache(3);
    for (const name of ['a', 'b', 'c', 'd', 'e']) c.set(`tok-${name}`, claims(name), key);
    expect(c.size).toBe(3);
    expect(c.get('tok-a', T * 1000)).toBeUndefined();
    expect(c.get('tok-b', T * 1000)).toBeUndefined();
    expect(c.get('tok-e', T * 1000)?.jti).toBe('e');
    c.set('tok-c', claims('c2'), key); // an update does not evict anyone
    expect(c.size).toBe(3);
    expect(c.get('tok-d', T * 1000)?.jti).toBe('d');
  });

  it('evicts the least recently used token: a hit keeps a token in', () => {
    let evictions = 0;
    const c = createVerifiedTokenCache({
      maxEntries: 3,
      keyring,
      clockToleranceMs: 5_000,
      onEvict: () => evictions++,
    });
    for (const name of ['a', 'b', 'c']) c.set(`tok-${name}`, claims(name), key);
    expect(c.get('tok-a', T * 1000)?.jti).toBe('a'); // a is now the most recently used
    c.set('tok-d', claims('d'), key); // evicts b, the least recently used
    c.set('tok-e', claims('e'), key); // evicts c
    expect(evictions).toBe(2);
    expect(c.get('tok-b', T * 1000)).toBeUndefined();
    expect(c.get('tok-c', T * 1000)).toBeUndefined();
    expect(['tok-a', 'tok-d', 'tok-e'].map((t) => c.get(t, T * 1000)?.jti)).toEqual([
      'a',
      'd',
      'e',
    ]);
  });

  it('counts only room-making drops as evictions, not expired or invalidated entries', () => {
    let evictions = 0;
    const c = createVerifiedTokenCache({
      maxEntries: 2,
      keyring,
      clockToleranceMs: 5_000,
      onEvict: () => evictions++,
    });
    c.set('tok', claims('a'), key);
    expect(() => c.get('tok', (T + 305) * 1000)).toThrow('token expired');
    c.set('tok-b', claims('b'), key);
    c.set('tok-c', claims('c'), key);
    expect([c.size, evictions]).toEqual([2, 0]);
  });

  it('stays within its approximate memory bound, evicting the least recently used', () => {
    const token = (name: string) => `${name}.${'x'.repeat(600)}`;
    const perEntry = 2 * token('a').length + 256;
    let evictions = 0;
    const c = createVerifiedTokenCache({
      maxEntries: 1_000,
      maxBytes: perEntry * 3,
      keyring,
      clockToleranceMs: 5_000,
      onEvict: () => evictions++,
    });
    for (const name of ['a', 'b', 'c', 'd']) c.set(token(name), claims(name), key);
    expect([c.size, c.bytes, evictions]).toEqual([3, perEntry * 3, 1]);
    expect(c.get(token('a'), T * 1000)).toBeUndefined();
    expect(c.get(token('d'), T * 1000)?.jti).toBe('d');
  });
});

const input = { sub: 'user-1', sid: 'session-1', scope: ['read'] };

describe('verified-token cache, through the verifier', () => {
  it('answers a repeated token from the cache without verifying again', async () => {
    const { signer, verifier, keyring } = await tokenFixture('ES256', { cacheSize: 10 });
    const { token } = await signer.sign(input);
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toBe(first);
    expect(keyring.publicKeyReads).toBe(1);
  });

  it('verifies every time when the cache is off', async () => {
    const { signer, verifier, keyring } = await tokenFixture('ES256', { cacheSize: 0 });
    const { token } = await signer.sign(input);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(keyring.publicKeyReads).toBe(2);
  });

  it('expires cached tokens by the injected clock, with the tolerance', async () => {
    const { signer, verifier, keyring, clock } = await tokenFixture('ES256', { cacheSize: 10 });
    const { token } = await signer.sign(input);
    await verifier.verify(token);
    clock.advance(TTL_MS + TOLERANCE_MS - 1_000);
    await expect(verifier.verify(token)).resolves.toBeDefined();
    clock.advance(1_000);
    expect((await rejectionOf(verifier.verify(token))).detail).toBe('token expired');
    expect(keyring.publicKeyReads).toBe(1); // decided by the cache entry...
    expect((await rejectionOf(verifier.verify(token))).detail).toBe('token expired');
    expect(keyring.publicKeyReads).toBe(2); // ...which was evicted: jose saw it the second time
  });

  it('drops cached tokens whose key left the keyring', async () => {
    const { signer, verifier, keyring } = await tokenFixture('ES256', { cacheSize: 10 });
    const { token } = await signer.sign(input);
    await verifier.verify(token);
    keyring.remove(keyring.active.kid);
    expect((await rejectionOf(verifier.verify(token))).detail).toBe('unknown signing key');
  });

  it('holds at most cacheSize tokens, evicting the least recently used', async () => {
    const { signer, verifier, keyring } = await tokenFixture('ES256', { cacheSize: 2 });
    const [a, b, c] = await Promise.all([
      signer.sign(input),
      signer.sign(input),
      signer.sign(input),
    ]);
    for (const { token } of [a!, b!, c!]) await verifier.verify(token);
    expect(keyring.publicKeyReads).toBe(3);
    await verifier.verify(c!.token);
    await verifier.verify(b!.token);
    expect(keyring.publicKeyReads).toBe(3);
    await verifier.verify(a!.token);
    expect(keyring.publicKeyReads).toBe(4);
  });

  it('never caches a failure', async () => {
    const { verifier, keyring, clock } = await tokenFixture('ES256', { cacheSize: 10 });
    const other = createAccessTokenSigner({
      keyring,
      issuer: 'https://other.test',
      audience: AUDIENCE,
      accessTtlMs: TTL_MS,
      clock,
    });
    const { token } = await other.sign(input);
    expect((await rejectionOf(verifier.verify(token))).detail).toBe('wrong issuer');
    expect((await rejectionOf(verifier.verify(token))).detail).toBe('wrong issuer');
    expect(keyring.publicKeyReads).toBe(2);
  });
});
