import { Cluster, Redis } from 'ioredis';

/** Opens a fresh subscriber connection, or answers null when there is nowhere to connect yet. */
export type OpenSubscriber = () => Redis | null;

/**
 * How to open the connections a subscription runs on (a subscribed connection can run no other
 * command, so it is one of its own). Standalone and Sentinel: a duplicate of the command client,
 * which reconnects by itself (through the sentinels, to the current primary). Cluster: a plain
 * connection to one node, and on its end the next node the command client knows, in turn.
 * PUBLISH is broadcast over the cluster bus, so a subscriber on any node, master or replica, hears
 * every message. We do not use ioredis' own Cluster subscriber: when its node goes away it
 * subscribes again elsewhere without a word, and the mirror must hear of the gap to resync.
 */
export function subscriberConnections(
  redis: Redis | Cluster,
  connectionName: string,
): OpenSubscriber {
  if (!(redis instanceof Cluster)) return () => redis.duplicate({ connectionName });
  let turn = Math.floor(Math.random() * 1024);
  return () => {
    const nodes = redis.nodes('all');
    if (nodes.length === 0) return null;
    const { host, port } = nodes[turn++ % nodes.length]!.options;
    return new Redis({
      ...redis.options.redisOptions,
      host,
      port,
      connectionName,
      enableOfflineQueue: false,
      // No reconnecting to the same node: the subscription opens the next one (that node may be
      // gone for good, failed over or removed).
      retryStrategy: () => null,
    });
  };
}
