import type { StoredKeySet } from '../store/key-set-store.js';

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
