import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredKeySet } from '../../../store/key-set-store.js';
import type { KeySetStorage } from '../../../keys/key-set-storage.js';
import { keyFile, type KeyFileContent } from './key-file.js';

/** Name of the generated key file inside `server.dataDir`. */
const KEY_FILE = 'signing-keys.json';

/**
 * `tokens.keys.source: generate`: the key set kept in `<dataDir>/signing-keys.json` (0600, in a
 * 0700 directory), written atomically. The compare-and-set is exact between the workers of one
 * host for the first write (a hard link) and read-compare-rename for rotations: enough for the
 * single instance this source is meant for (several instances share keys through the store).
 */
export function dataDirKeySetStorage(dataDir: string): KeySetStorage {
  const path = join(dataDir, KEY_FILE);
  return {
    writable: true,
    async load() {
      const content = await keyFile.read(path);
      return content === undefined ? null : toKeySet(content);
    },
    async compareAndSet(expectedVersion, next) {
      if (expectedVersion === 0) {
        await mkdir(dataDir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
          throw new Error(
            `cannot create data directory ${dataDir} (${String((error as { code?: unknown }).code)})`,
          );
        });
        // Several workers may start at once: the first file written wins, the others read it.
        return keyFile.write(path, toContent(next), 'create');
      }
      const current = await keyFile.read(path);
      if (current === undefined || (current.version ?? 1) !== expectedVersion) return false;
      return keyFile.write(path, toContent(next), 'replace');
    },
  };
}

function toKeySet(content: KeyFileContent): StoredKeySet {
  return {
    version: content.version ?? 1,
    keys: content.keys.map((jwk) => {
      const meta = jwk.kid === undefined ? undefined : content.meta?.[jwk.kid];
      return {
        jwk: { ...jwk },
        createdAt: meta?.createdAt ?? 0,
        retiredAt: meta?.retiredAt ?? null,
      };
    }),
  };
}

function toContent(set: StoredKeySet): KeyFileContent {
  const meta: NonNullable<KeyFileContent['meta']> = {};
  for (const key of set.keys) {
    if (typeof key.jwk.kid === 'string') {
      meta[key.jwk.kid] = { createdAt: key.createdAt, retiredAt: key.retiredAt };
    }
  }
  return {
    version: set.version,
    keys: set.keys.map((key) => ({ ...key.jwk }) as KeyFileContent['keys'][number]),
    meta,
  };
}
