import {
  contextKeyProblems,
  decodeContextKey,
  type ContextKeyConfig,
} from '../config/context-key-problems.js';
import { base64urlEncode } from '../lib/base64url.js';

export type { ContextKeyConfig };

/** AES-256-GCM sealing of context JSON, bound to its session id. */
export interface ContextCipher {
  /** The id of the key new writes are sealed with (the first configured key). */
  readonly sealingKeyId: string;
  /** True when `keyId` names a configured key. */
  knows(keyId: string): boolean;
  /** base64url(iv ‖ ciphertext ‖ tag) of `plaintext`, sealed with the first key. */
  seal(sid: string, plaintext: string): Promise<string>;
  /** The plaintext; rejects when `keyId` is unknown or authentication fails. */
  open(sid: string, keyId: string, sealed: string): Promise<string>;
}

const IV_BYTES = 12; // 96-bit random IV, the size GCM is built for (NIST SP 800-38D §8.2.2)
const TAG_BITS = 128;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

// The sid is additional authenticated data, so a ciphertext copied to another session fails to open.
const aad = (sid: string) => encoder.encode(`gatehouse:context:v1:${sid}`);

// Copied into a fresh ArrayBuffer, the only BufferSource Web Crypto's types accept.
const decode = (text: string) => new Uint8Array(decodeContextKey(text));

const importKey = (key: string) =>
  crypto.subtle.importKey('raw', decode(key), 'AES-GCM', false, ['encrypt', 'decrypt']);

/**
 * Builds the cipher over the configured keys (Web Crypto only); null when there are none. Throws
 * at start-up, naming each bad key's path, for a key that is not 32 bytes of base64url.
 */
export function createContextCipher(keys: readonly ContextKeyConfig[]): ContextCipher | null {
  const problems = contextKeyProblems(keys).map(
    ({ index, field, message }) => `sessions.contextEncryption.keys[${index}].${field}: ${message}`,
  );
  if (problems.length > 0) throw new Error(problems.join('\n'));
  if (keys.length === 0) return null;
  const configured = new Map(keys.map(({ id, key }) => [id, key]));
  const imported = new Map<string, Promise<CryptoKey>>();
  // Imported on first use: createGateway is synchronous, and the lengths are already checked.
  const keyFor = (id: string) => {
    let key = imported.get(id);
    if (!key) imported.set(id, (key = importKey(configured.get(id)!)));
    return key;
  };
  const sealingKeyId = keys[0]!.id;
  return {
    sealingKeyId,
    knows: (keyId) => configured.has(keyId),
    async seal(sid, plaintext) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const params = { name: 'AES-GCM', iv, additionalData: aad(sid), tagLength: TAG_BITS };
      const sealed = await crypto.subtle.encrypt(
        params,
        await keyFor(sealingKeyId),
        encoder.encode(plaintext),
      );
      const out = new Uint8Array(IV_BYTES + sealed.byteLength);
      out.set(iv);
      out.set(new Uint8Array(sealed), IV_BYTES);
      return base64urlEncode(out);
    },
    async open(sid, keyId, sealed) {
      if (!configured.has(keyId)) throw new Error('sealed with a key id that is not configured');
      const bytes = decode(sealed);
      if (bytes.byteLength < IV_BYTES + TAG_BITS / 8) throw new Error('sealed context too short');
      const iv = bytes.subarray(0, IV_BYTES);
      const params = { name: 'AES-GCM', iv, additionalData: aad(sid), tagLength: TAG_BITS };
      const plain = await crypto.subtle.decrypt(
        params,
        await keyFor(keyId),
        bytes.subarray(IV_BYTES),
      );
      return decoder.decode(plain);
    },
  };
}
