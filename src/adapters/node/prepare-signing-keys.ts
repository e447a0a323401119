import type { GatehouseConfig } from '../../config/schema.js';
import { systemClock } from '../../lib/clock.js';
import type { Logger } from '../../observability/logger.js';
import { createMemoryStore } from '../../store/memory/memory-store.js';
import { createStore } from './create-store.js';
import { startSigningKeysFor } from './start-signing-keys-for.js';

/**
 * Loads the configured signing keys once, in the primary before it forks: a key set that must be
 * generated (`generate`: the file in `server.dataDir`; `store`) is made by it alone, so workers
 * only read it, and a bad key source fails once instead of in every worker. The active kid.
 */
export async function prepareSigningKeys(
  config: GatehouseConfig,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  // Only `source: store` reads the store; the other sources never touch the one passed.
  const store =
    config.tokens.keys.source === 'store' ? createStore(config.store, logger) : createMemoryStore();
  try {
    const keys = await startSigningKeysFor(config, { store, clock: systemClock, logger, env });
    return keys.keyring.active.kid;
  } finally {
    await store.close().catch(() => {});
  }
}
