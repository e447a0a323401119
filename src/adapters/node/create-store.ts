import type { GatehouseConfig } from '../../config/schema.js';
import type { Logger } from '../../observability/logger.js';
import { createMemoryStore } from '../../store/memory/memory-store.js';
import { createRedisClient } from '../../store/redis/create-redis-client.js';
import { createRedisStore } from '../../store/redis/redis-store.js';
import { loadRedisScripts } from './load-redis-scripts.js';
import type { Store } from '../../store/store.js';

/**
 * The store backend `store.kind` asks for. A Redis store (standalone, Cluster or Sentinel) starts
 * connecting at once and never blocks start-up: until Redis answers, its calls reject (503) and
 * /readyz says not ready.
 */
export function createStore(config: GatehouseConfig['store'], logger: Logger): Store {
  if (config.kind === 'memory') return createMemoryStore();
  const redis = createRedisClient(config, logger.child({ component: 'store' }));
  return createRedisStore(redis, { keyPrefix: config.keyPrefix, scripts: loadRedisScripts() });
}
