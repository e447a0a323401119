import { base64urlDecode } from '../lib/base64url.js';

/** A context encryption key as configured: `sessions.contextEncryption.keys[i]`. */
export interface ContextKeyConfig {
  id: string;
  /** 32 bytes, base64url. */
  key: string;
}

/** One problem with `keys[index].field`. */
export interface ContextKeyProblem {
  index: number;
  field: 'id' | 'key';
  message: string;
}

/** AES-256: the only key size the context cipher takes. */
export const CONTEXT_KEY_BYTES = 32;

/** The key's bytes; a trailing "=" padding is forgiven. Throws when it is not base64url. */
export const decodeContextKey = (key: string) => base64urlDecode(key.replace(/=+$/, ''));

function decodedLength(key: string): number | undefined {
  try {
    return decodeContextKey(key).byteLength;
  } catch {
    return undefined;
  }
}

/**
 * Every problem with the configured keys (empty when they are usable): what the config schema
 * reports before start-up (check-config too) and the cipher refuses.
 */
export function contextKeyProblems(keys: readonly ContextKeyConfig[]): ContextKeyProblem[] {
  const problems: ContextKeyProblem[] = [];
  keys.forEach(({ id, key }, index) => {
    if (id === 'plain') {
      problems.push({ index, field: 'id', message: '"plain" is reserved for unsealed contexts' });
    }
    const first = keys.findIndex((other) => other.id === id);
    if (first < index) {
      problems.push({ index, field: 'id', message: `Duplicate of keys[${first}].id` });
    }
    const length = decodedLength(key);
    if (length !== CONTEXT_KEY_BYTES) {
      const got = length === undefined ? 'not base64url' : `got ${length} bytes`;
      const message = `Must be ${CONTEXT_KEY_BYTES} bytes, base64url-encoded (${got})`;
      problems.push({ index, field: 'key', message });
    }
  });
  return problems;
}
