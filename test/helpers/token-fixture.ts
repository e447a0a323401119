import type { JWK } from 'jose';
import { expect } from 'vitest';
import { GatewayError } from '../../src/errors/gateway-error.js';
import type { Clock } from '../../src/lib/clock.js';
import type { Metrics } from '../../src/observability/metrics.js';
import {
  createKeyring,
  type Keyring,
  type SigningAlgorithm,
  type SigningKey,
} from '../../src/keys/keyring.js';
import {
  createAccessTokenSigner,
  type AccessTokenSignerFactory,
} from '../../src/tokens/sign-access-token.js';
import {
  createAccessTokenVerifier,
  type AccessTokenVerifierFactory,
} from '../../src/tokens/verify-access-token.js';
import { fakeClock } from './fake-clock.js';
import { testSigningKey } from './test-gateway.js';

export const ISSUER = 'https://gatehouse.test';
export const AUDIENCE = 'api';
export const TTL_MS = 300_000;
export const TOLERANCE_MS = 5_000;

/** One generated private JWK per algorithm per test file (the shared testSigningKey). */
export function signingJwk(alg: SigningAlgorithm): Promise<JWK> {
  return testSigningKey(alg);
}

/** A signer over `keyring` with these tests' issuer, audience and lifetime. */
export function tokenSigner(
  keyring: Keyring,
  clock: Clock,
  factory: AccessTokenSignerFactory = createAccessTokenSigner,
) {
  return factory({
    keyring,
    issuer: ISSUER,
    audience: AUDIENCE,
    accessTtlMs: TTL_MS,
    clock,
  });
}

/**
 * A verifier over `keyring` with these tests' issuer, audience and tolerance. Without
 * `algorithms` it accepts those of the keyring's keys, as createGateway wires it; no cache unless
 * `cacheSize` says so.
 */
export function tokenVerifier(
  keyring: Keyring,
  clock: Clock,
  opts: {
    algorithms?: readonly SigningAlgorithm[];
    cacheSize?: number;
    refreshKeys?: () => Promise<void>;
    metrics?: Metrics;
    /** Which verifier (test/contract/verifier runs both); jose's by default. */
    factory?: AccessTokenVerifierFactory;
  } = {},
) {
  return (opts.factory ?? createAccessTokenVerifier)({
    keyring,
    issuer: ISSUER,
    audience: AUDIENCE,
    clockToleranceMs: TOLERANCE_MS,
    clock,
    cacheSize: opts.cacheSize ?? 0,
    ...(opts.algorithms && { algorithms: opts.algorithms }),
    ...(opts.refreshKeys && { refreshKeys: opts.refreshKeys }),
    ...(opts.metrics && { metrics: opts.metrics }),
  });
}

/** A keyring whose keys count reads of `publicKey` (one per full verification) and can be removed. */
export function countingKeyring(
  inner: Keyring,
): Keyring & { publicKeyReads: number; remove(kid: string): void } {
  const wrapped = new Map<string, SigningKey>();
  const removed = new Set<string>();
  const counter = {
    publicKeyReads: 0,
    get active() {
      return wrap(inner.active);
    },
    find: (kid: string) => (removed.has(kid) ? undefined : wrapOrUndefined(inner.find(kid))),
    jwks: () => inner.jwks(),
    remove: (kid: string) => void removed.add(kid),
  };
  function wrap(key: SigningKey): SigningKey {
    let out = wrapped.get(key.kid);
    if (!out) {
      out = Object.create(key, {
        publicKey: {
          get: () => {
            counter.publicKeyReads++;
            return key.publicKey;
          },
        },
      }) as SigningKey;
      wrapped.set(key.kid, out);
    }
    return out;
  }
  const wrapOrUndefined = (key: SigningKey | undefined) => (key ? wrap(key) : undefined);
  return counter;
}

/** Signer, verifier, keyring and fake clock wired the way createGateway wires them. */
export async function tokenFixture(
  alg: SigningAlgorithm = 'ES256',
  opts: {
    cacheSize?: number;
    factory?: AccessTokenVerifierFactory;
    signerFactory?: AccessTokenSignerFactory;
  } = {},
) {
  const clock = fakeClock();
  const keyring = countingKeyring(await createKeyring([await signingJwk(alg)], alg));
  const signer = tokenSigner(keyring, clock, opts.signerFactory);
  const verifier = tokenVerifier(keyring, clock, {
    algorithms: [alg],
    cacheSize: opts.cacheSize ?? 100,
    ...(opts.factory && { factory: opts.factory }),
  });
  return { clock, keyring, signer, verifier };
}

/** The GatewayError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<GatewayError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome, 'expected a rejection').toBeInstanceOf(GatewayError);
  return outcome as GatewayError;
}
