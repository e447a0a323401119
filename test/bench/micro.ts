import { KeyObject, randomUUID, verify as nodeVerify } from 'node:crypto';
import { jwtVerify } from 'jose';
import { systemClock } from '../../src/lib/clock.js';
import { createKeyring } from '../../src/keys/keyring.js';
import { generateSigningKey } from '../../src/keys/jwk.js';
import { createAccessTokenSigner } from '../../src/tokens/sign-access-token.js';
import { createNodeAccessTokenVerifier } from '../../src/adapters/node/tokens/node-access-token-verifier.js';
import {
  createAccessTokenVerifier,
  type AccessTokenVerifierFactory,
} from '../../src/tokens/verify-access-token.js';
import { createVerifiedTokenCache } from '../../src/tokens/verified-token-cache.js';
import { cpuSnapshot, foreignCores } from './cpu-noise.js';

/** One in-process micro benchmark: sequential awaited calls for a fixed time. */
export interface MicroResult {
  name: string;
  iterations: number;
  opsPerSec: number;
  nsPerOp: number;
  /** CPU (cores) other processes used meanwhile; undefined off Linux. */
  otherCpu: number | undefined;
}

const ISSUER = 'http://localhost:8080';
const AUDIENCE = 'gatehouse';

/** Distinct tokens for the churn cases: twice the cache, as with more live users than it holds. */
const DISTINCT_TOKENS = 20_000;
const CACHE_SIZE = 10_000;

/**
 * What one request's token check costs: the raw ECDSA P-256 verify (synchronous node:crypto,
 * as fast-jwt does it, and WebCrypto, as jose does it: a thread-pool round trip), jose's full
 * ES256 jwtVerify, gatehouse's two verifiers with and without the verified-token cache, and the
 * cache's own cost when 20,000 distinct tokens cycle through 10,000 entries (every lookup a miss,
 * every insertion an eviction).
 */
export async function runMicro(seconds: number): Promise<MicroResult[]> {
  const keyring = await createKeyring([await generateSigningKey('ES256')], 'ES256');
  const signer = createAccessTokenSigner({
    keyring,
    issuer: ISSUER,
    audience: AUDIENCE,
    accessTtlMs: 3_600_000,
    clock: systemClock,
  });
  const { token } = await signer.sign({
    sub: 'demo',
    sid: randomUUID(),
    scope: ['read:api', 'profile'],
  });
  const verifier = (
    cacheSize: number,
    factory: AccessTokenVerifierFactory = createAccessTokenVerifier,
  ) =>
    factory({
      keyring,
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['ES256'],
      clockToleranceMs: 5000,
      clock: systemClock,
      cacheSize,
    });

  const [header, payload, signature] = token.split('.') as [string, string, string];
  const signingInput = new TextEncoder().encode(`${header}.${payload}`);
  const signatureBytes = Buffer.from(signature, 'base64url');
  const publicKey = keyring.active.publicKey;
  const publicKeyObject = KeyObject.from(publicKey);
  const uncached = verifier(0);
  const cached = verifier(CACHE_SIZE);
  await cached.verify(token); // fill the cache: every measured call is a hit
  const nodeUncached = verifier(0, createNodeAccessTokenVerifier);
  const nodeCached = verifier(CACHE_SIZE, createNodeAccessTokenVerifier);
  await nodeCached.verify(token);
  const distinct = await Promise.all(
    Array.from(
      { length: DISTINCT_TOKENS },
      async (_, i) =>
        (await signer.sign({ sub: `user-${i}`, sid: randomUUID(), scope: ['read:api', 'profile'] }))
          .token,
    ),
  );
  const cycle = (fn: (token: string) => unknown) => {
    let next = 0;
    return () => fn(distinct[next++ % DISTINCT_TOKENS]!);
  };
  const claims = await uncached.verify(token);
  const bareCache = createVerifiedTokenCache({
    maxEntries: CACHE_SIZE,
    keyring,
    clockToleranceMs: 5000,
  });
  const now = systemClock.now();
  const nodeChurn = verifier(CACHE_SIZE, createNodeAccessTokenVerifier);

  const cases: Array<[string, () => unknown]> = [
    [
      'node:crypto ECDSA P-256 verify (sync, signature only)',
      () =>
        nodeVerify(
          'sha256',
          signingInput,
          { key: publicKeyObject, dsaEncoding: 'ieee-p1363' },
          signatureBytes,
        ),
    ],
    [
      'WebCrypto ECDSA P-256 verify (signature only)',
      () =>
        crypto.subtle.verify(
          { name: 'ECDSA', hash: 'SHA-256' },
          publicKey,
          signatureBytes,
          signingInput,
        ),
    ],
    [
      'jose jwtVerify ES256 (fresh verify each call)',
      () =>
        jwtVerify(token, publicKey, {
          algorithms: ['ES256'],
          typ: 'at+jwt',
          issuer: ISSUER,
          audience: AUDIENCE,
        }),
    ],
    ['gatehouse verify (jose), cache off (cacheSize 0)', () => uncached.verify(token)],
    ['gatehouse verify (jose), cache hit', () => cached.verify(token)],
    ['gatehouse verify (node:crypto), cache off', () => nodeUncached.verify(token)],
    ['gatehouse verify (node:crypto), cache hit', () => nodeCached.verify(token)],
    [
      `cache only: miss + insert + evict (${DISTINCT_TOKENS} tokens, ${CACHE_SIZE} entries)`,
      cycle((t) => bareCache.get(t, now) ?? bareCache.set(t, claims, keyring.active)),
    ],
    [
      `gatehouse verify (node:crypto), ${DISTINCT_TOKENS} distinct tokens, cache ${CACHE_SIZE}`,
      cycle((t) => nodeChurn.verify(t)),
    ],
  ];
  const results: MicroResult[] = [];
  for (const [name, fn] of cases) results.push({ name, ...(await timeCalls(fn, seconds)) });
  return results;
}

async function timeCalls(fn: () => unknown, seconds: number): Promise<Omit<MicroResult, 'name'>> {
  await callFor(fn, Math.min(0.5, seconds / 4)); // JIT warm-up
  const before = cpuSnapshot(new Set());
  const { iterations, elapsedNs } = await callFor(fn, seconds);
  const otherCpu = foreignCores(before, cpuSnapshot(new Set()));
  const nsPerOp = elapsedNs / iterations;
  return { iterations, opsPerSec: 1e9 / nsPerOp, nsPerOp, otherCpu };
}

async function callFor(
  fn: () => unknown,
  seconds: number,
): Promise<{ iterations: number; elapsedNs: number }> {
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let iterations = 0;
  let elapsed = 0n;
  do {
    for (let i = 0; i < 64; i++) await fn(); // the clock is read once per batch
    iterations += 64;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  return { iterations, elapsedNs: Number(elapsed) };
}

/** The micro results as a plain-text table. */
export function renderMicro(results: readonly MicroResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  const lines = results.map((r) => {
    const ops = Math.round(r.opsPerSec).toLocaleString('en-US').padStart(11);
    const ns = Math.round(r.nsPerOp).toLocaleString('en-US').padStart(9);
    const other = r.otherCpu === undefined ? '' : `  other cpu ${Math.round(r.otherCpu * 100)}%`;
    return `  ${r.name.padEnd(width)}  ${ops} ops/s  ${ns} ns/op${other}`;
  });
  return ['micro (in-process, sequential awaits, no pinning)', ...lines].join('\n');
}
