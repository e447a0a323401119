import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { silentLogger } from '../../src/observability/logger.js';
import { createRedisClient } from '../../src/store/redis/create-redis-client.js';
import { createRedisStore } from '../../src/store/redis/redis-store.js';
import { describeWithRedis, uniqueKeyPrefix, untilAnswering } from '../helpers/redis-env.js';
import { killClientsNamed } from '../helpers/kill-redis-clients.js';
import { realTime } from './contract-fixtures.js';
import { sessionStoreContract } from './session-store.contract.js';

describeWithRedis('redis store', (url) => {
  const filePrefix = uniqueKeyPrefix();
  let stores = 0;
  // Each store gets a prefix of its own (so no revocation leaks from one case into the next); a
  // peer shares the latest one, as two gateways on one Redis do.
  let keyPrefix = filePrefix;

  const open = async (prefix: string) => {
    const store = createRedisStore(
      createRedisClient({ kind: 'redis', url, keyPrefix: prefix }, silentLogger),
      {
        keyPrefix: prefix,
      },
    );
    await untilAnswering(() => store.ping());
    return store;
  };

  sessionStoreContract(`redis (${url})`, {
    createStore: () => open((keyPrefix = `${filePrefix}${(stores += 1)}:`)),
    createPeer: () => open(keyPrefix),
    // The subscriber connections are named after the key prefix, so only this case's are cut.
    dropSubscriptions: async () => {
      await killClientsNamed(url, `${keyPrefix}revocations`);
    },
    createTime: realTime,
  });

  afterAll(async () => {
    const redis = new Redis(url);
    const keys = await redis.keys(`${filePrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
});
