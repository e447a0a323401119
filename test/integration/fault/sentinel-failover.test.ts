import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/adapters/node/create-store.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { Store } from '../../../src/store/store.js';
import { describeWithRedis, untilAnswering } from '../../helpers/redis-env.js';
import type { PrivateRedisOptions } from '../../helpers/redis-server.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';
import {
  spawnFailoverGateway,
  type FailoverGateway,
  type FailoverGatewayOptions,
} from './failover-gateway.js';
import { expectSeedsKept, writeSeeds } from './durable-writes.js';
import { passwordOf } from './gateway-calls.js';
import { startRequestStream } from './failover-stream.js';
import { startSentinelTopology, type SentinelTopology } from './sentinel-topology.js';

// Issue #5: a Sentinel failover (SENTINEL FAILOVER) during a steady request stream loses no
// session and no revocation written before it, and the gateway follows the new primary by itself.
// Private primary, replica and sentinel: this test fails the primary over, which the shared
// servers must never see.
//
// "Written before it" under asynchronous replication means applied by the replica (untilReplicated
// compares replication offsets). Writes the old primary acknowledges between the replica's
// promotion and the switch (about a second) are lost by design: with default settings they
// answer 200 and vanish; with min-replicas-to-write 1 the old primary refuses them (NOREPLICAS)
// once its replica has left, which the gateway must answer with 503. README "Durability".

const NAME = 'gatehouse-failover';

const CASES: Array<{ settings: string; primary: PrivateRedisOptions }> = [
  { settings: 'default replication settings', primary: {} },
  {
    settings: 'min-replicas-to-write 1 on the primary',
    primary: { config: { 'min-replicas-to-write': '1', 'min-replicas-max-lag': '10' } },
  },
];

/** How many commands the server refused with `code` (INFO errorstats). */
async function refusals(port: number, code: string): Promise<number> {
  const redis = new Redis({ port, host: '127.0.0.1' });
  try {
    const stats = await redis.info('errorstats');
    return Number(new RegExp(`^errorstat_${code}:count=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
  } finally {
    redis.disconnect();
  }
}

describeWithRedis('a Sentinel failover during a steady request stream', () => {
  describe.each(CASES)('with $settings', ({ primary }) => {
    let topology: SentinelTopology;
    let upstream: UpstreamServer;
    let streamed: FailoverGateway;
    let fresh: FailoverGateway | undefined;
    let store: Store | undefined;
    let options: FailoverGatewayOptions;

    beforeAll(async () => {
      topology = await startSentinelTopology(NAME, primary);
      upstream = await startUpstreamServer();
      const sentinel = topology.sentinelAddress;
      options = { name: NAME, sentinel, upstream: upstream.origin, revocation: 'mirror' };
      streamed = await spawnFailoverGateway(options);
    }, 60_000);

    afterAll(async () => {
      await Promise.all([streamed?.process.stop(), fresh?.process.stop(), store?.close()]);
      await upstream?.close();
      await topology?.stop();
    });

    it('keeps what was replicated, answers only 503 meanwhile, and follows the new primary', async () => {
      const { url, calls } = streamed;
      expect(await calls.untilStatus('/readyz', 200, 10_000)).toBe(200);
      const seeds = await writeSeeds(calls);
      await topology.untilReplicated();

      const stream = startRequestStream(
        {
          url,
          adminAuthorization: streamed.adminAuthorization,
          username: 'carol',
          password: passwordOf('carol'),
          seeds: seeds.stream,
        },
        3,
      );
      try {
        await stream.untilClean(2, 30_000);
        const failoverAt = Date.now();
        await topology.failover();
        // The same process, never restarted, is ready again and serves every step cleanly.
        expect(await calls.untilStatus('/readyz', 200, 30_000)).toBe(200);
        const readyAt = Date.now();
        await stream.untilClean(3, 30_000);
        await stream.stop();
        // Requests were in flight through the switch, not only before and after it.
        const during = stream.answers.filter(({ at }) => at >= failoverAt && at <= readyAt);
        expect(during.length, 'answers between the failover and /readyz 200').toBeGreaterThan(0);
        expect(stream.unexpected(failoverAt), 'answers a failover does not explain').toEqual([]);
      } finally {
        await stream.stop();
      }

      // The failover really happened, and the streamed gateway writes to the new primary (an
      // old primary not yet demoted would still take writes and answer).
      expect(await topology.primaryPort()).toBe(topology.replica.port);
      const newPrimary = new Redis({ port: topology.replica.port, host: '127.0.0.1' });
      try {
        expect(((await newPrimary.call('ROLE')) as unknown[])[0]).toBe('master');
        const after = await calls.login('alice');
        expect(await newPrimary.exists(`gh:{s:${after.sid}}:session`)).toBe(1);
      } finally {
        newPrimary.disconnect();
      }
      if (primary.config) {
        // The stream's writes during the switch were refused, and answered 503 (checked above).
        expect(await refusals(topology.primary.port, 'NOREPLICAS')).toBeGreaterThan(0);
      }

      // A fresh gateway reading revocations from the store on every request (lookup mode) finds
      // everything written before the failover on the new primary, signing keys included.
      fresh = await spawnFailoverGateway({ ...options, revocation: 'lookup' });
      store = createStore(
        {
          kind: 'sentinel',
          name: NAME,
          sentinels: [topology.sentinelAddress],
          db: 0,
          tls: false,
          keyPrefix: 'gh:',
        },
        silentLogger,
      );
      await untilAnswering(() => store!.ping());
      await expectSeedsKept(fresh.calls, store, seeds);
    }, 120_000);
  });
});
