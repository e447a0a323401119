import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { silentLogger } from '../../../src/observability/logger.js';
import { createRedisClient } from '../../../src/store/redis/create-redis-client.js';
import { redisKeys } from '../../../src/store/redis/keys.js';
import { createRedisStore } from '../../../src/store/redis/redis-store.js';
import type { SessionStore } from '../../../src/store/session-store.js';
import { uniqueKeyPrefix, untilAnswering } from '../../helpers/redis-env.js';

/** A Redis store under a prefix of its own, plus a plain client to look at what it wrote. */
export interface RedisFixture {
  store(): SessionStore;
  redis(): Redis;
  keyPrefix: string;
  keys: ReturnType<typeof redisKeys>;
  /** Every key under the prefix. */
  allKeys(): Promise<string[]>;
}

/** Opens a store and a raw client per test; removes every key under the prefix at the end. */
export function useRedisFixture(url: string): RedisFixture {
  const keyPrefix = uniqueKeyPrefix();
  let store: SessionStore | undefined;
  let raw: Redis | undefined;
  const allKeys = async () => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await raw!.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found;
  };
  beforeEach(async () => {
    store = createRedisStore(createRedisClient({ kind: 'redis', url, keyPrefix }, silentLogger), {
      keyPrefix,
    });
    raw = new Redis(url);
    await untilAnswering(() => store!.ping());
  });
  afterEach(async () => {
    await store?.close();
    await raw?.quit();
  });
  afterAll(async () => {
    const cleaner = new Redis(url);
    raw = cleaner;
    const keys = await allKeys();
    if (keys.length > 0) await cleaner.del(...keys);
    await cleaner.quit();
  });
  return { store: () => store!, redis: () => raw!, keyPrefix, keys: redisKeys(keyPrefix), allKeys };
}
