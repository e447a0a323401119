import { contextUnreadable } from '../errors/errors.js';
import type { StoredContext } from '../store/session-record.js';
import { createContextCipher, type ContextKeyConfig } from './context-cipher.js';

/** A session context as served: its version (the ETag) and its JSON text. */
export interface OpenedContext {
  version: number;
  json: string;
}

/** Turns context JSON into what the store keeps, and back. */
export interface ContextCodec {
  /** The stored form of context JSON: sealed with the first key when keys are configured, else plain. */
  seal(sid: string, json: string): Promise<Omit<StoredContext, 'version'>>;
  /**
   * The JSON text of a stored context (`{}` for version 0, never written). Rejects with a 500
   * `contextUnreadable` for an unknown key id or a failed authentication tag: never served.
   */
  open(sid: string, stored: StoredContext): Promise<OpenedContext>;
}

/** The JSON every live session's context starts as: an empty object, ready for merge patches. */
const UNWRITTEN_JSON = '{}';

/**
 * Builds the codec for `sessions.contextEncryption.keys` (throws at start-up for unusable keys).
 * Plain records keep reading after keys are added, so enabling encryption needs no migration.
 */
export function createContextCodec(keys: readonly ContextKeyConfig[]): ContextCodec {
  const cipher = createContextCipher(keys);
  return {
    async seal(sid, json) {
      if (!cipher) return { encoding: 'plain', data: json };
      return { encoding: cipher.sealingKeyId, data: await cipher.seal(sid, json) };
    },
    async open(sid, stored) {
      const { version, encoding, data } = stored;
      if (version === 0) return { version, json: UNWRITTEN_JSON };
      if (encoding === 'plain') return { version, json: data };
      // Causes name what failed for the log, never the data or the key.
      if (!cipher?.knows(encoding)) {
        throw contextUnreadable(
          new Error(`context sealed with key id "${encoding}", not configured`),
        );
      }
      try {
        return { version, json: await cipher.open(sid, encoding, data) };
      } catch {
        throw contextUnreadable(
          new Error(`context sealed with key id "${encoding}" failed to open`),
        );
      }
    },
  };
}
