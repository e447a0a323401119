import type { GatewayDeps } from './deps.js';
import { noopMetrics, type Metrics } from './observability/metrics.js';
import { compileRoutes } from './policy/routes/compile-routes.js';
import { createRequestEvaluator, type RequestEvaluator } from './policy/evaluate-request.js';
import { createRevocationMirror, type RevocationMirror } from './revocation/revocation-mirror.js';
import { createContextCodec, type ContextCodec } from './context/context-codec.js';
import { instrumentStore } from './store/instrumented-store.js';
import type { KeySetStore } from './store/key-set-store.js';
import type { RateLimiter } from './store/rate-limiter.js';
import type { RevocationLog } from './store/revocation-log.js';
import type { SessionStore } from './store/session-store.js';
import { createAccessTokenSigner, type AccessTokenSigner } from './tokens/sign-access-token.js';
import { webSecretCrypto, type SecretCrypto } from './lib/secret-crypto.js';
import { createAssertionSigner } from './tokens/sign-assertion.js';
import {
  createAccessTokenVerifier,
  type AccessTokenVerifier,
} from './tokens/verify-access-token.js';

/**
 * Every long-lived service of one gateway, built once by buildGatewayServices. Route modules and
 * policy steps take a `Pick` of exactly the fields they use, never the whole record.
 */
export interface GatewayServices extends Pick<
  GatewayDeps,
  | 'config'
  | 'clock'
  | 'logger'
  | 'keyring'
  | 'signingKeys'
  | 'upstream'
  | 'identitySources'
  | 'staticAssets'
  | 'requestView'
> {
  /** The deps' metrics, or a sink that records nothing. */
  metrics: Metrics;
  sessions: SessionStore;
  revocationLog: RevocationLog;
  keySets: KeySetStore;
  rateLimiter: RateLimiter;
  /** Resolves when the store answers (/readyz). */
  pingStore(): Promise<void>;
  signer: AccessTokenSigner;
  /** Refresh-secret hashes and sealed successor pairs (deps.secretCrypto, else Web Crypto). */
  secrets: SecretCrypto;
  verifier: AccessTokenVerifier;
  /** Seals and opens session contexts (AES-256-GCM when `sessions.contextEncryption` has keys). */
  contextCodec: ContextCodec;
  /** The revocation mirror (`revocation.mode: mirror`); null in `lookup` mode. */
  revocationMirror: RevocationMirror | null;
  /** The configured routes, compiled once: shared by the reverse proxy and /auth/verify. */
  routes: RequestEvaluator;
  /** True once SIGTERM has been received: /readyz answers 503 so balancers drain us. */
  isDraining(): boolean;
}

/** The one composition root: builds every service from the deps, each exactly once. */
export function buildGatewayServices(
  deps: GatewayDeps,
  isDraining: () => boolean,
): GatewayServices {
  const { config, clock, logger, keyring } = deps;
  const metrics = deps.metrics ?? noopMetrics;
  // With metrics, every store call the gateway makes is timed and its failures counted.
  const store = deps.metrics ? instrumentStore(deps.store, deps.metrics) : deps.store;
  // README "Revocation": in `mirror` mode, session routes check this in-memory copy of the set.
  const revocationMirror =
    config.revocation.mode === 'mirror'
      ? createRevocationMirror({
          store: store.revocationLog,
          clock,
          maxStalenessMs: config.revocation.maxStaleness,
          scheduler: deps.scheduler,
          logger,
          metrics,
        })
      : null;
  const createVerifier = deps.tokenVerifier ?? createAccessTokenVerifier;
  const verifier = createVerifier({
    keyring,
    issuer: config.tokens.issuer,
    audience: config.tokens.audience,
    // No fixed `algorithms`: those of the keyring's keys, read per verification, so retired keys
    // of another algorithm keep verifying their tokens and rotation can change them; the key
    // resolver still pins each kid to its own algorithm.
    refreshKeys: deps.signingKeys?.reloadForUnknownKid,
    clockToleranceMs: config.tokens.clockTolerance,
    clock,
    cacheSize: config.tokens.verifiedCacheSize,
    metrics,
  });
  metrics.observeActiveSessions(() => store.sessions.countSessions(clock.now()));
  // Throws for unusable context encryption keys, so a bad config never starts serving.
  const contextCodec = createContextCodec(config.sessions.contextEncryption.keys);
  const policy = {
    verifier,
    sessions: store.sessions,
    revocationLog: store.revocationLog,
    clock,
    logger,
    contextCodec,
    revocationMirror,
    // README "signed assertions": X-Auth-Assertion on `assertion: true` routes.
    assertions: createAssertionSigner({ keyring, issuer: config.tokens.issuer, clock }),
  };
  return {
    ...policy,
    config,
    metrics,
    keyring,
    signingKeys: deps.signingKeys,
    upstream: deps.upstream,
    identitySources: deps.identitySources,
    staticAssets: deps.staticAssets,
    requestView: deps.requestView,
    keySets: store.keySets,
    rateLimiter: store.rateLimiter,
    pingStore: () => store.ping(),
    secrets: deps.secretCrypto ?? webSecretCrypto,
    signer: (deps.tokenSigner ?? createAccessTokenSigner)({
      keyring,
      issuer: config.tokens.issuer,
      audience: config.tokens.audience,
      accessTtlMs: config.tokens.accessTtl,
      clock,
    }),
    // One compiled route table for the reverse proxy and forward-auth (README "Forward-auth").
    routes: createRequestEvaluator(compileRoutes(config, policy)),
    isDraining,
  };
}
