import { Cluster, type Redis } from 'ioredis';
import type { RevocationListener, RevocationSubscription } from '../revocation.js';
import { revocationMessage } from './revocation-message.js';

/** Where to subscribe, and the client name the subscriber connection shows in CLIENT LIST. */
export interface SubscriptionTarget {
  channel: string;
  connectionName: string;
}

// A subscribed connection can run no other command, so the subscriber is a connection of its own.
function subscriberOf(redis: Redis | Cluster, connectionName: string): Redis | Cluster {
  if (redis instanceof Cluster) {
    const redisOptions = { ...redis.options.redisOptions, connectionName };
    return redis.duplicate(undefined, { redisOptions });
  }
  return redis.duplicate({ connectionName });
}

function deliver(listener: RevocationListener, text: string): void {
  const message = revocationMessage.decode(text);
  // Not ours, or from a newer version: the periodic resync still brings the set up to date.
  if (message?.kind === 'revocation') listener.revocation(message.revocation);
  else if (message?.kind === 'keys-changed') listener.keysChanged();
}

/**
 * Subscribes `listener` on a dedicated duplicate of `redis`. `connected` is called once SUBSCRIBE
 * is confirmed (ioredis' `ready` comes before its own resubscription is), after the first connect
 * and after every reconnect; `disconnected` when the connection is lost. Resolves after the first
 * connection attempt, whatever its outcome: the client keeps reconnecting on its own.
 */
export async function subscribeRevocations(
  redis: Redis | Cluster,
  target: SubscriptionTarget,
  listener: RevocationListener,
): Promise<RevocationSubscription> {
  const subscriber = subscriberOf(redis, target.connectionName);
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
  const join = async () => {
    try {
      await subscriber.subscribe(target.channel);
    } catch {
      // SUBSCRIBE failed on a fresh connection: start over rather than sit unsubscribed.
      if (!closed) subscriber.disconnect(true);
      return;
    }
    if (closed) return;
    up = true;
    listener.connected();
  };

  subscriber.on('message', (channel: string, text: string) => {
    if (!closed && channel === target.channel) deliver(listener, text);
  });
  subscriber.on('ready', () => void join().finally(attempted));
  subscriber.on('close', down);
  // Connection errors are followed by `close`; an error while ready leaves the link as it is.
  subscriber.on('error', () => {
    if (subscriber.status !== 'ready') down();
  });
  await firstAttempt;
  return {
    lossless: false,
    close: async () => {
      closed = true;
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
