import { base64urlEncode } from './base64url.js';
import { webSecretCrypto } from './secret-crypto.js';

/** Returns `bytes` bytes from the platform CSPRNG (Web Crypto), base64url-encoded. */
export function randomToken(bytes: number): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}

const encoder = new TextEncoder();

/** SHA-256 of a UTF-8 string, as lowercase hex (Web Crypto; hot paths take SecretCrypto's). */
export const sha256Hex = (text: string): Promise<string> => webSecretCrypto.sha256Hex(text);

/**
 * Compares two strings in time that depends only on their lengths, never on where they differ.
 * Use for secrets and secret hashes (lengths of hashes are public).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const length = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
