import { type Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisKeys } from '../../../src/store/redis/keys.js';
import type { Store } from '../../../src/store/store.js';
import { until } from '../../contract/revocation-fixtures.js';
import { uniqueKeyPrefix } from '../../helpers/redis-env.js';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import { keySlot } from './key-slot.js';

// What only a real Cluster can show. (The whole store contract and the integration suites run on
// the cluster too: it refuses any command or script whose keys span two slots, CROSSSLOT.)
describeEachRedis(
  'redis store on a Redis Cluster',
  (target) => {
    const keyPrefix = uniqueKeyPrefix();
    let admin: Cluster;
    let store: Store;

    beforeAll(async () => {
      admin = target.admin() as Cluster;
      await admin.ping();
      store = await target.openStore(keyPrefix);
    });

    afterAll(async () => {
      await store?.close();
      await admin?.quit();
      await target.deleteKeys(keyPrefix);
    });

    it('computes the same hash slots as the server (CLUSTER KEYSLOT)', async () => {
      const keys = redisKeys('gh:');
      for (const key of [
        keys.session('c2lk'),
        keys.context('a}b'),
        keys.userSessions('{x}'),
        keys.revokedUsers(),
        'plain',
        'foo{}{bar}',
      ]) {
        expect(keySlot(key), key).toBe(Number(await admin.call('CLUSTER', 'KEYSLOT', key)));
      }
    });

    it('a revocation published in the {rev} slot reaches a subscriber on every node, replicas too', async () => {
      expect(admin.nodes('slave').length, 'the test cluster has replicas').toBeGreaterThan(0);
      const channel = redisKeys(keyPrefix).revocationEvents();
      const heard = new Map<string, string[]>();
      const subscribers = admin.nodes('all').map(({ options: { host, port } }) => {
        const node = `${host}:${port}`;
        heard.set(node, []);
        const subscriber = new Redis({ host, port });
        subscriber.on('message', (_, text: string) => heard.get(node)!.push(text));
        return subscriber;
      });
      try {
        await Promise.all(subscribers.map((subscriber) => subscriber.subscribe(channel)));
        const now = Date.now();
        await store.revocationLog.publishRevocation(
          { kind: 'token', jti: 'everywhere', forgetAt: now + 60_000 },
          now,
        );
        await until(() => [...heard.values()].every((texts) => texts.length === 1), 10_000);
        for (const texts of heard.values())
          expect(JSON.parse(texts[0]!)).toMatchObject({ jti: 'everywhere' });
      } finally {
        await Promise.all(subscribers.map((subscriber) => subscriber.quit()));
      }
    });
  },
  ['cluster'],
);
