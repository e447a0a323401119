import type { Cluster, Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { redisKeys } from '../../../src/store/redis/keys.js';
import type { Store } from '../../../src/store/store.js';
import { uniqueKeyPrefix } from '../../helpers/redis-env.js';
import type { RedisTarget } from '../../helpers/redis-targets.js';

/** A Redis store under a prefix of its own, plus a plain client to look at what it wrote. */
export interface RedisFixture {
  store(): Store;
  /** A plain client of the target (a Cluster client on a cluster: one key per command). */
  redis(): Redis | Cluster;
  keyPrefix: string;
  keys: ReturnType<typeof redisKeys>;
  /** Every key under the prefix (on a cluster, from every master). */
  allKeys(): Promise<string[]>;
}

/** Opens a store and a raw client per test; removes every key under the prefix at the end. */
export function useRedisFixture(target: RedisTarget): RedisFixture {
  const keyPrefix = uniqueKeyPrefix();
  let store: Store | undefined;
  let raw: Redis | Cluster | undefined;
  beforeEach(async () => {
    store = await target.openStore(keyPrefix);
    raw = target.admin();
  });
  afterEach(async () => {
    await store?.close();
    await raw?.quit();
  });
  afterAll(async () => {
    await target.deleteKeys(keyPrefix);
  });
  return {
    store: () => store!,
    redis: () => raw!,
    keyPrefix,
    keys: redisKeys(keyPrefix),
    allKeys: () => target.keys(keyPrefix),
  };
}
