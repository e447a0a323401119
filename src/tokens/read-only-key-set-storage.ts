import type { JWK } from 'jose';
import { keysManagedOutside } from '../errors/errors.js';
import type { KeySetStorage } from './key-set-storage.js';

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
