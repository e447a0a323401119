import type { GatehouseConfig } from '../../../config/schema.js';
import { type Clock, systemClock } from '../../../lib/clock.js';
import type { Logger } from '../../../observability/logger.js';
import type { Store } from '../../../store/store.js';
import {
  type KeySetStorage,
  readOnlyKeySetStorage,
  storeKeySetStorage,
} from '../../../keys/key-set-storage.js';
import { retiredKeyKeepMs } from '../../../keys/key-set.js';
import { startSigningKeys, type SigningKeys } from '../../../keys/signing-keys.js';
import { dataDirKeySetStorage } from './data-dir-key-set-storage.js';
import { loadSigningKeys } from './key-file.js';
import { createMemoryStore } from '../../../store/memory/memory-store.js';
import { createStore } from '../create-store.js';

/** What loading the configured signing keys needs besides the config. */
export interface SigningKeysEnvironment {
  store: Store;
  clock: Clock;
  logger: Logger;
  env: Record<string, string | undefined>;
  /** How long to wait for an unreachable store at start (`source: store`); default 10 s. */
  storeWaitMs?: number;
}

/** The storage `tokens.keys.source` names. */
function storageFor(
  config: GatehouseConfig,
  store: Store,
  env: SigningKeysEnvironment['env'],
): KeySetStorage {
  const source = config.tokens.keys;
  switch (source.source) {
    case 'store':
      return storeKeySetStorage(store.keySets);
    case 'generate':
      return dataDirKeySetStorage(config.server.dataDir);
    default:
      return readOnlyKeySetStorage(() => loadSigningKeys(source, env));
  }
}

/**
 * Starts the signing keys from `tokens.keys.source`: generated once and kept in the data dir, read
 * from a file or env variable, or shared through the store (waiting a little for it to answer, as
 * a Redis that starts with the gateway may not yet). Errors never carry key material.
 */
export async function startSigningKeysFor(
  config: GatehouseConfig,
  environment: SigningKeysEnvironment,
): Promise<SigningKeys> {
  const { store, clock, logger } = environment;
  const start = () =>
    startSigningKeys({
      storage: storageFor(config, store, environment.env),
      algorithm: config.tokens.algorithm,
      clock,
      keepMs: retiredKeyKeepMs(config.tokens),
      logger: logger.child({ component: 'keys' }),
    });
  if (config.tokens.keys.source !== 'store') return start();
  const deadline = Date.now() + (environment.storeWaitMs ?? 10_000);
  for (;;) {
    try {
      return await start();
    } catch (error) {
      // Only an unreachable store is worth waiting for; a bad key set will not fix itself.
      const reachable = await store.ping().then(
        () => true,
        () => false,
      );
      if (reachable || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

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
