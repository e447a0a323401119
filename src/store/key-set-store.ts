import type { StoreSubscription } from './revocation-log.js';

/** The signing keys shared by every instance, as kept in the store. */
export interface StoredKeySet {
  /** Bumped by every change; writes are compare-and-set on it. */
  version: number;
  /** Private JWKs, newest first: the first signs, the others verify until `retiredAt + keep`. */
  keys: Array<{ jwk: Record<string, unknown>; createdAt: number; retiredAt: number | null }>;
}

/** Receives the key-set change feed of the store. */
export interface KeySetListener {
  /** Another instance (possibly this one) stored a new key set: reload it. */
  keysChanged(): void;
  /** (Re)subscribed: a change may have gone unheard while down, so reload now. */
  connected(): void;
}

/**
 * The key-set store contract (`tokens.keys.source: store`, README "Tokens and keys"): one shared set,
 * written compare-and-set, with a change feed every instance follows.
 */
export interface KeySetStore {
  /** The shared signing keys, or null if none were stored yet. */
  loadKeySet(): Promise<StoredKeySet | null>;
  /**
   * Stores a new key set if the stored version is still `expectedVersion` (0: none stored yet),
   * then tells every watcher `keysChanged`. False when another writer won. Rejects (TypeError) a
   * set whose version is not higher than `expectedVersion`.
   */
  compareAndSetKeySet(expectedVersion: number, keySet: StoredKeySet): Promise<boolean>;
  /**
   * Follows key-set changes. Resolves after the first attempt to connect, with `connected` already
   * called if it succeeded; it keeps reconnecting on its own, like RevocationLog.subscribe.
   */
  watchKeySet(listener: KeySetListener): Promise<StoreSubscription>;
}
