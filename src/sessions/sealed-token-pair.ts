import { base64urlDecode, base64urlEncode } from '../lib/base64url.js';
import type { SealingInput, SecretCrypto } from '../lib/secret-crypto.js';
import type { RefreshToken } from './refresh-token.js';

/** What one refresh answers: the new access token and the refresh token that replaces the old. */
export interface TokenPair {
  access_token: string;
  /** Expiry of the access token, seconds since the epoch. */
  expires_at: number;
  refresh_token: string;
  /** Space-separated. */
  scope: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const PREFIX = 'v1.';
const INFO = encoder.encode('gatehouse refresh successor v1');

// The key comes from the secret the pair replaces, which the store never holds (only its hash):
// a store dump alone cannot open the pair, yet whoever replays that secret within the grace
// window gets the same pair back (RFC 9700 §4.14.2). The secret is 256 uniform bits, so HKDF
// (RFC 5869) needs no salt; the sid is bound in as associated data.
const sealingFor = (presented: RefreshToken): SealingInput => ({
  secret: base64urlDecode(presented.secret),
  info: INFO,
  additionalData: encoder.encode(presented.sid),
});

/** Seals `pair` with AES-256-GCM under a key derived from the presented token's secret. */
export async function sealTokenPair(
  secrets: SecretCrypto,
  presented: RefreshToken,
  pair: TokenPair,
): Promise<string> {
  const blob = await secrets.seal(sealingFor(presented), encoder.encode(JSON.stringify(pair)));
  return PREFIX + base64urlEncode(blob);
}

/** Opens a pair sealed by sealTokenPair; null when it is not one, or not sealed for `presented`. */
export async function openTokenPair(
  secrets: SecretCrypto,
  presented: RefreshToken,
  sealed: string,
): Promise<TokenPair | null> {
  if (!sealed.startsWith(PREFIX)) return null;
  try {
    const blob = base64urlDecode(sealed.slice(PREFIX.length));
    const plain = await secrets.open(sealingFor(presented), blob);
    return asTokenPair(JSON.parse(decoder.decode(plain)));
  } catch {
    return null;
  }
}

function asTokenPair(value: unknown): TokenPair | null {
  const { access_token, expires_at, refresh_token, scope } = (value ?? {}) as Partial<TokenPair>;
  return typeof access_token === 'string' &&
    typeof expires_at === 'number' &&
    typeof refresh_token === 'string' &&
    typeof scope === 'string'
    ? { access_token, expires_at, refresh_token, scope }
    : null;
}
