import { base64urlEncode } from './base64url.js';

/** Returns `bytes` bytes from the platform CSPRNG (Web Crypto), base64url-encoded. */
export function randomToken(bytes: number): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}
