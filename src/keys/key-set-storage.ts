import type { StoredKeySet, KeySetStore } from '../store/key-set-store.js';
import type { JWK } from 'jose';
import { keysManagedOutside } from '../errors/errors.js';

/**
 * Where the signing key set lives: the shared store (`tokens.keys.source: store`), the data dir
 * (`generate`), or a file or env variable that gatehouse only reads.
 */
export interface KeySetStorage {
  /** False for key sets managed outside gatehouse (file, env): rotation answers 409 for them. */
  readonly writable: boolean;
  /** The stored set; null when none was stored yet. */
  load(): Promise<StoredKeySet | null>;
  /**
   * Stores `next` if the stored version is still `expectedVersion` (0: none stored yet); false when
   * another writer won. Throws keysManagedOutside() when the storage is not writable.
   */
  compareAndSet(expectedVersion: number, next: StoredKeySet): Promise<boolean>;
}

/**
 * Key sets gatehouse only reads (`tokens.keys.source: file | env`): `read` gives the private JWKs,
 * first = active, re-read on every load so an edited file is picked up by a reload.
 */
export function readOnlyKeySetStorage(read: () => Promise<JWK[]>): KeySetStorage {
  return {
    writable: false,
    async load() {
      const jwks = await read();
      return {
        version: 1,
        keys: jwks.map((jwk) => ({ jwk: { ...jwk }, createdAt: 0, retiredAt: null })),
      };
    },
    compareAndSet: () => Promise.reject(keysManagedOutside()),
  };
}

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
