import { Redis } from 'ioredis';
import {
  type PrivateRedis,
  type PrivateRedisOptions,
  startPrivateRedis,
} from '../../helpers/redis-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 100 ms until it returns true; throws `what` (and the last error) after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`, { cause: last });
    await sleep(100);
  }
}

/** One field of an INFO section, e.g. `master_repl_offset`. */
function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/** A primary, one replica and one sentinel (quorum 1) of the test's own, on loopback. */
export interface SentinelTopology {
  /** The name the sentinel knows the primary by (`store.name`). */
  readonly name: string;
  readonly primary: PrivateRedis;
  readonly replica: PrivateRedis;
  readonly sentinel: PrivateRedis;
  /** `127.0.0.1:<port>` of the sentinel, as `store.sentinels` lists it. */
  readonly sentinelAddress: string;
  /** Port of the server the sentinel names as primary now. */
  primaryPort(): Promise<number>;
  /**
   * Resolves once the replica has applied every write the primary had taken when this was
   * called (its replication offset has caught up).
   */
  untilReplicated(): Promise<void>;
  /** Runs `SENTINEL FAILOVER` and resolves once the sentinel names the old replica as primary. */
  failover(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the topology and waits until the replica is in sync and the sentinel has found it, so
 * that a failover can pick it.
 */
export async function startSentinelTopology(
  name: string,
  primaryOptions: PrivateRedisOptions = {},
): Promise<SentinelTopology> {
  const primary = await startPrivateRedis(primaryOptions);
  const replica = await startPrivateRedis({ replicaOf: primary.port });
  const sentinel = await startPrivateRedis({ sentinel: { name, primaryPort: primary.port } });
  const clients = [primary, replica, sentinel].map(
    ({ port }) =>
      new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 }),
  );
  const [toPrimary, toReplica, toSentinel] = clients as [Redis, Redis, Redis];
  const replicaOffset = async () =>
    Number(infoField(await toReplica.info('replication'), 'slave_repl_offset') ?? -1);
  const primaryPort = async () => {
    const address = (await toSentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as
      [string, string] | null;
    return Number(address?.[1]);
  };
  const topology: SentinelTopology = {
    name,
    primary,
    replica,
    sentinel,
    sentinelAddress: `127.0.0.1:${sentinel.port}`,
    primaryPort,
    untilReplicated: async () => {
      const target = Number(infoField(await toPrimary.info('replication'), 'master_repl_offset'));
      await until('the replica did not catch up', async () => (await replicaOffset()) >= target);
    },
    failover: async () => {
      // NOGOODSLAVE until the sentinel has a fresh view of the replica; INPROG while one runs.
      await until('SENTINEL FAILOVER was not accepted', async () => {
        await toSentinel.call('SENTINEL', 'FAILOVER', name);
        return true;
      });
      try {
        await until('the sentinel did not switch to the replica', async () => {
          return (await primaryPort()) === replica.port;
        });
      } catch (error) {
        throw new Error(`${(error as Error).message}; sentinel log:\n${sentinel.log()}`);
      }
    },
    stop: async () => {
      for (const client of clients) client.disconnect();
      await Promise.all([sentinel.stop(), replica.stop(), primary.stop()]);
    },
  };
  try {
    await until('the replica did not sync', async () => {
      const info = await toReplica.info('replication');
      return infoField(info, 'master_link_status') === 'up';
    });
    await until('the sentinel did not find the replica', async () => {
      const replicas = (await toSentinel.call('SENTINEL', 'REPLICAS', name)) as string[][];
      return replicas.some((fields) => {
        const at = (key: string) => fields[fields.indexOf(key) + 1];
        return (
          at('port') === String(replica.port) &&
          at('flags') === 'slave' &&
          at('master-link-status') === 'ok'
        );
      });
    });
  } catch (error) {
    await topology.stop();
    throw error;
  }
  return topology;
}
