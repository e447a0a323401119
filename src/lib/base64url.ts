const encoder = new TextEncoder();

/** Encodes bytes (or a UTF-8 string) as unpadded base64url (RFC 4648 §5). */
export function base64urlEncode(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes unpadded base64url into bytes; throws on characters outside the alphabet. */
export function base64urlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new TypeError('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * True when `text` is the one unpadded base64url spelling of some bytes (RFC 7515 §2, RFC 4648
 * §3.5): only the URL-safe alphabet, no `=`, no length of 4k+1, and zero bits past the last byte.
 * Lenient decoders accept the other spellings, which would give one token many strings.
 */
export function isCanonicalBase64url(text: string): boolean {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return false;
  const rest = text.length % 4;
  if (rest === 0) return true;
  // 2 chars carry 1 byte (4 spare bits), 3 chars carry 2 bytes (2 spare bits).
  const spareMask = rest === 2 ? 0b1111 : 0b11;
  return (ALPHABET.indexOf(text.at(-1)!) & spareMask) === 0;
}
