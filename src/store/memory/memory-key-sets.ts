import type { KeySetListener, KeySetStore, StoredKeySet } from '../key-set-store.js';

/**
 * The memory backend's KeySetStore: the set kept as JSON (so callers never share references with
 * it), watchers told synchronously on every write, so no change is ever unheard.
 */
export function createMemoryKeySets(): KeySetStore & { clear(): void } {
  let stored: string | null = null;
  const listeners = new Set<KeySetListener>();
  const load = () => (stored === null ? null : (JSON.parse(stored) as StoredKeySet));
  return {
    loadKeySet: async () => load(),
    compareAndSetKeySet: async (expectedVersion, next) => {
      if (!(next.version > expectedVersion)) {
        throw new TypeError('a new key set needs a higher version');
      }
      if ((load()?.version ?? 0) !== expectedVersion) return false;
      stored = JSON.stringify(next);
      for (const listener of [...listeners]) listener.keysChanged();
      return true;
    },
    watchKeySet: async (listener) => {
      listeners.add(listener);
      listener.connected();
      return { lossless: true, close: async () => void listeners.delete(listener) };
    },
    clear: () => {
      stored = null;
      listeners.clear();
    },
  };
}
