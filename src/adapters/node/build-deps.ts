import { readFile } from 'node:fs/promises';
import type { GatehouseConfig } from '../../config/schema.js';
import type { GatewayDeps } from '../../deps.js';
import { systemClock } from '../../lib/clock.js';
import type { Logger } from '../../observability/logger.js';
import { createKeyring } from '../../tokens/create-keyring.js';
import { buildIdentitySources } from './build-identity-sources.js';
import { createStore } from './create-store.js';
import { loadSigningKeys } from './load-signing-keys.js';
import { nodePasswordHasher } from './node-password-hasher.js';
import { remoteAddress } from './remote-address.js';
import { createUndiciUpstreamClient } from './undici-upstream-client.js';

/** Builds the production deps for one process from a validated config. */
export async function buildDeps(
  config: GatehouseConfig,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<GatewayDeps> {
  const keys = await loadSigningKeys(config.tokens, config.server.dataDir, env);
  return {
    config,
    store: createStore(config.store, logger),
    clock: systemClock,
    keyring: await createKeyring(keys, config.tokens.algorithm),
    upstream: createUndiciUpstreamClient({ logger }),
    identitySources: await buildIdentitySources(config, {
      readFile: (path: string) => readFile(path, 'utf8'),
      fetch: globalThis.fetch,
      hasher: nodePasswordHasher,
    }),
    logger,
    remoteAddress,
  };
}
