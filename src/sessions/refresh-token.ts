import { randomToken } from '../lib/crypto.js';
import type { SecretCrypto } from '../lib/secret-crypto.js';

/** A refresh token split into its parts: the session it belongs to and its secret. */
export interface RefreshToken {
  sid: string;
  /** 32 CSPRNG bytes, base64url; only its SHA-256 is ever stored. */
  secret: string;
}

/** A newly minted refresh token: the text handed to the client and the hash the store keeps. */
export interface MintedRefreshToken extends RefreshToken {
  token: string;
  hash: string;
}

// At least 256 bits from a CSPRNG (README "Sessions and refresh tokens", RFC 9700 §4.14). 32 bytes
// are 43 base64url chars.
const SECRET_BYTES = 32;
// Versioned opaque credential `v1.<sid>.<secret>` (STYLE 13). The sid lets the store find the
// session in one step; the secret proves possession. Anything else is rejected, never repaired.
const FORMAT = /^v1\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$/;
const MAX_LENGTH = 128;

/** Mints the next refresh token of session `sid`. */
export async function mintRefreshToken(
  secrets: SecretCrypto,
  sid: string,
): Promise<MintedRefreshToken> {
  const secret = randomToken(SECRET_BYTES);
  return { sid, secret, token: `v1.${sid}.${secret}`, hash: await secrets.sha256Hex(secret) };
}

/** Splits a presented refresh token into sid and secret; null unless it is exactly `v1.<sid>.<secret>`. */
export function parseRefreshToken(text: string): RefreshToken | null {
  if (text.length > MAX_LENGTH) return null;
  const match = FORMAT.exec(text);
  return match ? { sid: match[1]!, secret: match[2]! } : null;
}
