import type { Cluster, Redis } from 'ioredis';
import type { KeySetStore, StoredKeySet } from '../key-set-store.js';
import type { StoreCommands } from './define-store-commands.js';
import type { RedisKeys } from './keys.js';
import { revocationMessage } from './revocation-message.js';
import { subscribeChannel, type SubscriptionTarget } from './redis-subscription.js';

/**
 * The Redis backend's KeySetStore: the set as JSON in one hash, written compare-and-set by a
 * script that also announces the change on the revocation channel (one channel for both feeds, so
 * instances of older and newer versions keep hearing each other).
 */
export function redisKeySets(
  redis: Redis | Cluster,
  keys: RedisKeys,
  commands: StoreCommands,
  subscription: SubscriptionTarget,
): KeySetStore {
  return {
    async loadKeySet() {
      const json = await redis.hget(keys.keySet(), 'json');
      return json === null ? null : (JSON.parse(json) as StoredKeySet);
    },
    async compareAndSetKeySet(expectedVersion, keySet) {
      if (!(keySet.version > expectedVersion)) {
        throw new TypeError('a new key set needs a higher version');
      }
      const message = revocationMessage.encode({ kind: 'keys-changed', version: keySet.version });
      const args = [expectedVersion, keySet.version, JSON.stringify(keySet), subscription.channel];
      return (await commands.compareAndSetKeySet([keys.keySet()], [...args, message])) === 1;
    },
    watchKeySet: (listener) =>
      subscribeChannel(redis, subscription, {
        message: (text) => {
          if (revocationMessage.decode(text)?.kind === 'keys-changed') listener.keysChanged();
        },
        connected: () => listener.connected(),
        disconnected: () => {},
      }),
  };
}
