import { readFile } from 'node:fs/promises';
import type { GatehouseConfig } from '../../config/schema.js';
import type { GatewayDeps } from '../../deps.js';
import { systemClock } from '../../lib/clock.js';
import type { Logger } from '../../observability/logger.js';
import { buildIdentitySources } from './identity/build-identity-sources.js';
import { createStore } from './create-store.js';
import { createPromMetrics } from './metrics/prom-metrics.js';
import { loadStaticAssets } from './load-static-assets.js';
import { nodePasswordHasher } from './identity/node-password-hasher.js';
import { nodeRequestView } from './http/node-request-view.js';
import { startSigningKeysFor } from './keys/start-signing-keys.js';
import { createUndiciTransport } from './http/undici-transport.js';
import { workerProtocol } from './process/worker-protocol.js';
import { createNodeAccessTokenSigner } from './tokens/node-access-token-signer.js';
import { nodeSecretCrypto } from './node-secret-crypto.js';
import { createNodeAccessTokenVerifier } from './tokens/node-access-token-verifier.js';

/** Builds the production deps for one process from a validated config. */
export async function buildDeps(
  config: GatehouseConfig,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<GatewayDeps> {
  const store = createStore(config.store, logger);
  const signingKeys = await startSigningKeysFor(config, {
    store,
    clock: systemClock,
    logger,
    env,
  }).catch(async (error: unknown) => {
    await store.close().catch(() => {});
    throw error;
  });
  return {
    config,
    store,
    clock: systemClock,
    keyring: signingKeys.keyring,
    signingKeys,
    upstream: createUndiciTransport({ logger }),
    identitySources: await buildIdentitySources(config, {
      readFile: (path: string) => readFile(path, 'utf8'),
      fetch: globalThis.fetch,
      hasher: nodePasswordHasher,
    }),
    logger,
    metrics: config.metrics.enabled
      ? createPromMetrics({
          processMetrics: true,
          activeSessionsMaxAgeMs: config.metrics.activeSessionsInterval,
          aggregateFromPrimary: workerProtocol.isWorker(env),
        })
      : undefined,
    requestView: nodeRequestView,
    tokenVerifier: createNodeAccessTokenVerifier,
    tokenSigner: createNodeAccessTokenSigner,
    secretCrypto: nodeSecretCrypto,
    staticAssets: loadStaticAssets(),
  };
}
