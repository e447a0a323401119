import type { KeySetStore } from '../store/key-set-store.js';
import type { KeySetStorage } from './key-set-storage.js';

/**
 * `tokens.keys.source: store`: the key set shared by every instance, kept in the store's KeySetStore;
 * each successful write tells every watching instance `keysChanged`.
 */
export function storeKeySetStorage(
  store: Pick<KeySetStore, 'loadKeySet' | 'compareAndSetKeySet'>,
): KeySetStorage {
  return {
    writable: true,
    load: () => store.loadKeySet(),
    compareAndSet: (expectedVersion, next) => store.compareAndSetKeySet(expectedVersion, next),
  };
}
