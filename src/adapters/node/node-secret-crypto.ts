import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { SEAL_IV_BYTES, type SealingInput, type SecretCrypto } from '../../lib/secret-crypto.js';

const TAG_BYTES = 16;
const EMPTY = new Uint8Array();

const keyOf = (sealing: SealingInput) =>
  new Uint8Array(hkdfSync('sha256', sealing.secret, EMPTY, sealing.info, 32));

/**
 * SecretCrypto on node:crypto (OpenSSL), synchronous: the same bytes as webSecretCrypto without
 * a Web Crypto job and promise per step (measured on one core: SHA-256 of a refresh secret
 * 24 µs → 3 µs, HKDF + AES-GCM seal 119 µs → 28 µs).
 */
export const nodeSecretCrypto: SecretCrypto = {
  async sha256Hex(text) {
    return createHash('sha256').update(text, 'utf8').digest('hex');
  },
  async seal(sealing, plaintext) {
    const iv = randomBytes(SEAL_IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', keyOf(sealing), iv);
    cipher.setAAD(sealing.additionalData);
    const body = cipher.update(plaintext);
    const final = cipher.final();
    return new Uint8Array(Buffer.concat([iv, body, final, cipher.getAuthTag()]));
  },
  async open(sealing, blob) {
    if (blob.length < SEAL_IV_BYTES + TAG_BYTES) throw new Error('sealed blob too short');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keyOf(sealing),
      blob.subarray(0, SEAL_IV_BYTES),
    );
    decipher.setAAD(sealing.additionalData);
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    const body = decipher.update(blob.subarray(SEAL_IV_BYTES, blob.length - TAG_BYTES));
    return new Uint8Array(Buffer.concat([body, decipher.final()]));
  },
};
