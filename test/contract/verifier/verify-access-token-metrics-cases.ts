import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  noopMetrics,
  type Metrics,
  type TokenVerificationResult,
} from '../../../src/observability/metrics.js';
import { createKeyring } from '../../../src/keys/keyring.js';
import { fakeClock } from '../../helpers/fake-clock.js';
import {
  AUDIENCE,
  ISSUER,
  signingJwk,
  TOLERANCE_MS,
  TTL_MS,
  tokenSigner,
  tokenVerifier,
} from '../../helpers/token-fixture.js';
import type { AccessTokenVerifierFactory } from '../../../src/tokens/verify-access-token.js';

/** verify access token metrics cases, run against each verifier by verifier.contract.ts. */
export function metricsCases(factory: AccessTokenVerifierFactory): void {
  /** Metrics that keep the verifier's results and cache lookups, in order. */
  function recording() {
    const results: TokenVerificationResult[] = [];
    const lookups: string[] = [];
    const metrics: Metrics = {
      ...noopMetrics,
      tokenVerification: (result) => results.push(result),
      verifiedTokenCacheLookup: (result) => lookups.push(result),
      verifiedTokenCacheEviction: () => lookups.push('evicted'),
    };
    return { metrics, results, lookups };
  }

  async function fixture(opts: { cacheSize?: number; refreshKeys?: () => Promise<void> } = {}) {
    const clock = fakeClock();
    const keyring = await createKeyring([await signingJwk('ES256')], 'ES256');
    const { metrics, results, lookups } = recording();
    const verifier = tokenVerifier(keyring, clock, { factory, ...opts, metrics });
    const signer = tokenSigner(keyring, clock);
    const sign = async () => (await signer.sign({ sub: 'u', sid: 's', scope: [] })).token;
    /** A token jose would accept but for `header` and `claims`, signed with the keyring's key. */
    const forge = async (header: Record<string, unknown>, claims: Record<string, unknown> = {}) => {
      const now = Math.floor(clock.now() / 1000);
      return new SignJWT({ sub: 'u', sid: 's', jti: 'j', ...claims })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: keyring.active.kid, ...header })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(keyring.active.privateKey);
    };
    const verify = (token: string) => verifier.verify(token).catch(() => undefined);
    return { clock, sign, forge, verify, results, lookups };
  }

  describe('createAccessTokenVerifier: metrics', () => {
    it('counts each verification by result', async () => {
      const f = await fixture();
      await f.verify(await f.sign());
      await f.verify('');
      await f.verify('not.a.jwt');
      await f.verify(await f.forge({ kid: 'nobody-knows-me' }));
      await f.verify(await f.forge({ typ: 'JWT' }));
      await f.verify(await f.forge({}, { nbf: Math.floor(f.clock.now() / 1000) + 3600 }));
      await f.verify(await f.forge({}, { sid: 42 }));
      expect(f.results).toEqual([
        'ok',
        'malformed',
        'malformed',
        'unknown_key',
        'invalid_claims',
        'not_yet_valid',
        'invalid_claims',
      ]);
    });

    it('counts a failed key reload as `error`, not as a bad token', async () => {
      const f = await fixture({
        refreshKeys: () => Promise.reject(new Error('store down')),
      });
      await f.verify(await f.forge({ kid: 'rotated-elsewhere' }));
      expect(f.results).toEqual(['error']);
    });

    it('counts cache hits and misses; a refusal from the cache is a hit', async () => {
      const f = await fixture({ cacheSize: 10 });
      const token = await f.sign();
      await f.verify(token);
      await f.verify(token);
      f.clock.advance(TTL_MS + TOLERANCE_MS);
      await f.verify(token);
      expect(f.lookups).toEqual(['miss', 'hit', 'hit']);
      expect(f.results).toEqual(['ok', 'ok', 'expired']);
    });

    it('counts an eviction when a new token needs the room of the least recently used', async () => {
      const f = await fixture({ cacheSize: 2 });
      const [a, b, c] = [await f.sign(), await f.sign(), await f.sign()];
      for (const token of [a, b, a, c, b]) await f.verify(token);
      // c evicts b (a was used since); b, verified again, evicts a.
      expect(f.lookups).toEqual(['miss', 'miss', 'hit', 'miss', 'evicted', 'miss', 'evicted']);
    });

    it('does not look in a cache it does not have', async () => {
      const f = await fixture({ cacheSize: 0 });
      await f.verify(await f.sign());
      expect(f.lookups).toEqual([]);
    });
  });
}
