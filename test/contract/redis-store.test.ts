import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { silentLogger } from '../../src/observability/logger.js';
import { createRedisClient } from '../../src/store/redis/create-redis-client.js';
import { createRedisStore } from '../../src/store/redis/redis-store.js';
import { describeWithRedis, uniqueKeyPrefix, untilAnswering } from '../helpers/redis-env.js';
import { realTime } from './contract-fixtures.js';
import { sessionStoreContract } from './session-store.contract.js';

describeWithRedis('redis store', (url) => {
  const keyPrefix = uniqueKeyPrefix();

  sessionStoreContract(`redis (${url})`, {
    async createStore() {
      const store = createRedisStore(createRedisClient(url, silentLogger), { keyPrefix });
      await untilAnswering(() => store.ping());
      return store;
    },
    createTime: realTime,
  });

  afterAll(async () => {
    const redis = new Redis(url);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
});
