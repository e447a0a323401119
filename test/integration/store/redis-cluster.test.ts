import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisKeys } from '../../../src/store/redis/keys.js';
import { createRedisStore } from '../../../src/store/redis/redis-store.js';
import { realTime } from '../../contract/contract-fixtures.js';
import { sessionStoreContract } from '../../contract/session-store.contract.js';
import { killClientsNamed } from '../../helpers/kill-redis-clients.js';
import { describeWithRedis, untilAnswering } from '../../helpers/redis-env.js';
import { type PrivateRedis, startPrivateRedis } from '../../helpers/redis-server.js';
import { keySlot } from './key-slot.js';

// A one-node Redis Cluster: it refuses any command or script whose declared keys span two slots
// (CROSSSLOT), so the whole contract passing here shows every operation stays in one slot.
describeWithRedis('redis store on a one-node Redis Cluster', () => {
  let server: PrivateRedis;
  const clients: Cluster[] = [];
  const connect = () => {
    const cluster = new Cluster([{ host: '127.0.0.1', port: server.port }], {
      enableOfflineQueue: true,
      redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 2000 },
    });
    clients.push(cluster);
    return cluster;
  };

  beforeAll(async () => {
    server = await startPrivateRedis({ cluster: true });
    const admin = new Redis(server.url);
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    await untilAnswering(async () => {
      const info = String(await admin.call('CLUSTER', 'INFO'));
      if (!info.includes('cluster_state:ok')) throw new Error('cluster not ready');
    });
    await admin.quit();
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.quit()));
    await server?.stop();
  });

  it('computes the same hash slots as the server (CLUSTER KEYSLOT)', async () => {
    const keys = redisKeys('gh:');
    const admin = connect();
    for (const key of [
      keys.session('c2lk'),
      keys.context('a}b'),
      keys.userSessions('{x}'),
      'plain',
      'foo{}{bar}',
    ]) {
      expect(keySlot(key), key).toBe(Number(await admin.call('CLUSTER', 'KEYSLOT', key)));
    }
  });

  let keyPrefix = '';
  const open = async () => {
    const store = createRedisStore(connect(), { keyPrefix });
    await untilAnswering(() => store.ping());
    return store;
  };

  sessionStoreContract('redis cluster (one node)', {
    createStore: async () => {
      keyPrefix = `test:${Date.now()}:${Math.random().toString(36).slice(2, 8)}:`;
      return open();
    },
    createPeer: open,
    dropSubscriptions: async () => {
      await killClientsNamed(server.url, `${keyPrefix}revocations`);
    },
    createTime: realTime,
  });
});
