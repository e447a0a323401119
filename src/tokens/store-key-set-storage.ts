import type { SessionStore } from '../store/session-store.js';
import type { KeySetStorage } from './key-set-storage.js';

/**
 * `tokens.keys.source: store`: the key set shared by every instance, kept in the session store;
 * each successful write tells every subscribed instance `keysChanged`.
 */
export function storeKeySetStorage(
  store: Pick<SessionStore, 'loadKeySet' | 'compareAndSetKeySet'>,
): KeySetStorage {
  return {
    writable: true,
    load: () => store.loadKeySet(),
    compareAndSet: (expectedVersion, next) => store.compareAndSetKeySet(expectedVersion, next),
  };
}
