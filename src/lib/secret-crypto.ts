/**
 * The crypto of the session flows (refresh-token hashes, sealed successor pairs): hashing of
 * secrets and sealing under a key derived from a secret. Web Crypto by default (webSecretCrypto,
 * any runtime); the Node adapter passes node:crypto (adapters/node/node-secret-crypto), which
 * answers synchronously instead of a Web Crypto job on the thread pool per call. Both produce
 * the same bytes, so either opens what the other sealed (test/unit/lib/secret-crypto.test.ts).
 */
export interface SecretCrypto {
  /** SHA-256 of a UTF-8 string, as lowercase hex. */
  sha256Hex(text: string): Promise<string>;
  /**
   * AES-256-GCM under HKDF-SHA-256(`secret`, empty salt, `info`) (RFC 5869), a fresh 96-bit IV:
   * `iv || ciphertext || tag` (tag 128 bits).
   */
  seal(sealing: SealingInput, plaintext: Uint8Array): Promise<Uint8Array>;
  /** The plaintext of `blob` made by seal with the same input; rejects when it does not authenticate. */
  open(sealing: SealingInput, blob: Uint8Array): Promise<Uint8Array>;
}

/** What a seal is bound to: the key material, the HKDF info, and the associated data. */
export interface SealingInput {
  secret: Uint8Array;
  info: Uint8Array;
  additionalData: Uint8Array;
}

export const SEAL_IV_BYTES = 12;

const encoder = new TextEncoder();

async function webKey(sealing: SealingInput): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    sealing.secret as Uint8Array<ArrayBuffer>,
    'HKDF',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(),
      info: sealing.info as Uint8Array<ArrayBuffer>,
    },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** SecretCrypto on Web Crypto (`crypto.subtle`): the portable default. */
export const webSecretCrypto: SecretCrypto = {
  async sha256Hex(text) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
    let hex = '';
    for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
    return hex;
  },
  async seal(sealing, plaintext) {
    const iv = crypto.getRandomValues(new Uint8Array(SEAL_IV_BYTES));
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: sealing.additionalData as Uint8Array<ArrayBuffer> },
      await webKey(sealing),
      plaintext as Uint8Array<ArrayBuffer>,
    );
    const blob = new Uint8Array(SEAL_IV_BYTES + sealed.byteLength);
    blob.set(iv);
    blob.set(new Uint8Array(sealed), SEAL_IV_BYTES);
    return blob;
  },
  async open(sealing, blob) {
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: blob.slice(0, SEAL_IV_BYTES),
        additionalData: sealing.additionalData as Uint8Array<ArrayBuffer>,
      },
      await webKey(sealing),
      blob.slice(SEAL_IV_BYTES),
    );
    return new Uint8Array(plain);
  },
};
