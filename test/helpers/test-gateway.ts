import type { JWK } from 'jose';
import { parseConfig } from '../../src/config/parse-config.js';
import type { GatehouseConfig } from '../../src/config/schema.js';
import type { GatewayDeps } from '../../src/deps.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import type { IdentitySource } from '../../src/identity/identity-source.js';
import { silentLogger } from '../../src/observability/logger.js';
import { webRequestView } from '../../src/proxy/request-view.js';
import type { UpstreamTransport } from '../../src/proxy/upstream-transport.js';
import { createMemoryStore } from '../../src/store/memory/memory-store.js';
import { createKeyring } from '../../src/keys/keyring.js';
import { generateSigningKey } from '../../src/keys/jwk.js';
import { createAccessTokenSigner } from '../../src/tokens/sign-access-token.js';
import {
  createAccessTokenVerifier,
  type AccessTokenVerifier,
} from '../../src/tokens/verify-access-token.js';
import { fakeClock, type FakeClock } from './fake-clock.js';

/** Parses YAML config text for tests; throws with every problem when it is invalid. */
export function testConfig(yaml: string, env: Record<string, string> = {}): GatehouseConfig {
  const result = parseConfig(yaml, env);
  if (!result.ok) throw new Error(`invalid test config:\n${result.problems.join('\n')}`);
  return result.config;
}

const keyCache = new Map<string, JWK>();

/** One generated key per algorithm per test file (key generation is slow for RS256). */
export async function testSigningKey(
  alg: GatehouseConfig['tokens']['algorithm'] = 'ES256',
): Promise<JWK> {
  let jwk = keyCache.get(alg);
  if (!jwk) keyCache.set(alg, (jwk = await generateSigningKey(alg)));
  return jwk;
}

export interface TestGateway extends Gateway {
  deps: GatewayDeps;
  clock: FakeClock;
}

/**
 * A gateway wired with a memory store, a fake clock and whatever the test overrides.
 * `upstream` defaults to one that fails the test if it is ever called.
 */
export async function testGateway(
  yaml = '',
  overrides: Partial<Omit<GatewayDeps, 'config'>> & { identitySources?: IdentitySource[] } = {},
): Promise<TestGateway> {
  const config = testConfig(yaml);
  const clock = (overrides.clock as FakeClock | undefined) ?? fakeClock(Date.now());
  const deps: GatewayDeps = {
    config,
    store: createMemoryStore(),
    clock,
    keyring: await createKeyring(
      [await testSigningKey(config.tokens.algorithm)],
      config.tokens.algorithm,
    ),
    upstream: unreachableUpstream,
    identitySources: [],
    logger: silentLogger,
    // In-process requests have no socket: the Web view, with a loopback peer.
    requestView: (request) => webRequestView(request, '127.0.0.1'),
    ...overrides,
  };
  const gateway = createGateway(deps);
  // In mirror mode (the default) the revocation mirror is subscribed and in sync before any request.
  await gateway.start();
  return { ...gateway, deps, clock };
}

/** Signs an access token with the gateway's keyring, clock and token settings, as a login does. */
export async function signToken(
  gw: TestGateway,
  input: { sub: string; sid: string; scope: readonly string[] },
): Promise<string> {
  const { config } = gw.deps;
  const signer = createAccessTokenSigner({
    keyring: gw.deps.keyring,
    issuer: config.tokens.issuer,
    audience: config.tokens.audience,
    accessTtlMs: config.tokens.accessTtl,
    clock: gw.clock,
  });
  return (await signer.sign(input)).token;
}

/**
 * A verifier with the gateway's keyring, clock, issuer, audience and algorithm, apart from the
 * gateway's own: no cache, no metrics, and no clock tolerance (stricter than the gateway).
 */
export function verifierOf(gw: TestGateway): AccessTokenVerifier {
  const { config, keyring } = gw.deps;
  return createAccessTokenVerifier({
    keyring,
    issuer: config.tokens.issuer,
    audience: config.tokens.audience,
    algorithms: [config.tokens.algorithm],
    clockToleranceMs: 0,
    clock: gw.clock,
    cacheSize: 0,
  });
}

const unreachableUpstream: UpstreamTransport = {
  forward: async () => {
    throw new Error('test gateway: no upstream configured for this test');
  },
  close: async () => {},
};
