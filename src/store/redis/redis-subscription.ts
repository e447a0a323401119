import type { Cluster, Redis } from 'ioredis';
import type { StoreSubscription } from '../revocation-log.js';
import { subscriberConnections } from './subscriber-connections.js';

/** Where to subscribe, and the client name the subscriber connection shows in CLIENT LIST. */
export interface SubscriptionTarget {
  channel: string;
  connectionName: string;
}

// Between subscriber connections that ended (a Cluster node gone, or none known yet): the same
// backoff as the command client's reconnects, 100 ms at first, capped at 1 s.
const reopenDelay = (attempt: number) => Math.min(100 * 2 ** attempt, 1000);

/** What one subscriber connection reports. */
interface ConnectionEvents {
  message(text: string): void;
  ready(): void;
  lost(): void;
  /** The connection gave up reconnecting (only a Cluster node's does). */
  ended(): void;
}

function watch(connection: Redis, channel: string, on: ConnectionEvents): void {
  connection.on('message', (from: string, text: string) => {
    if (from === channel) on.message(text);
  });
  connection.on('ready', on.ready);
  connection.on('close', on.lost);
  // Connection errors are followed by `close`; an error while ready leaves the link as it is.
  connection.on('error', () => {
    if (connection.status !== 'ready') on.lost();
  });
  connection.on('end', on.ended);
}

/** What a channel subscription reports: each message as sent, and the link going up or down. */
export interface ChannelListener {
  message(text: string): void;
  connected(): void;
  disconnected(): void;
}

/**
 * Subscribes `listener` to one channel on a connection of its own (see subscriber-connections.ts). `connected`
 * is called once SUBSCRIBE is confirmed (ioredis' `ready` comes before its own resubscription is),
 * after the first connect and after every reconnect or move to another Cluster node;
 * `disconnected` when the connection is lost. Resolves after the first connection attempt,
 * whatever its outcome: the subscription keeps reconnecting on its own.
 */
export async function subscribeChannel(
  redis: Redis | Cluster,
  target: SubscriptionTarget,
  listener: ChannelListener,
): Promise<StoreSubscription> {
  const open = subscriberConnections(redis, target.connectionName);
  let current: Redis | null = null;
  let reopening: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;
  let up = false;
  let attempted!: () => void;
  const firstAttempt = new Promise<void>((resolve) => (attempted = resolve));

  const down = () => {
    attempted();
    if (!up || closed) return;
    up = false;
    listener.disconnected();
  };
  const join = async (connection: Redis) => {
    try {
      await connection.subscribe(target.channel);
    } catch {
      // SUBSCRIBE failed on a fresh connection: start over rather than sit unsubscribed.
      if (!closed) connection.disconnect(true);
      return;
    }
    if (closed || connection !== current) return;
    failures = 0;
    up = true;
    listener.connected();
  };
  const reopen = () => {
    if (closed) return;
    reopening = setTimeout(attach, reopenDelay(failures++));
  };
  function attach() {
    if (closed) return;
    const connection = (current = open());
    if (!connection) {
      attempted();
      return reopen();
    }
    watch(connection, target.channel, {
      message: (text) => {
        if (!closed && connection === current) listener.message(text);
      },
      ready: () => void join(connection).finally(attempted),
      lost: down,
      ended: () => {
        down();
        if (connection === current) reopen();
      },
    });
  }

  attach();
  await firstAttempt;
  return {
    lossless: false,
    close: async () => {
      closed = true;
      clearTimeout(reopening);
      const connection = current;
      await connection?.quit().catch(() => connection.disconnect());
    },
  };
}
