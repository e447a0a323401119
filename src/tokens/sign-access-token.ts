import { SignJWT } from 'jose';
import type { Clock } from '../lib/clock.js';
import { randomToken } from '../lib/crypto.js';
import type { Keyring } from '../keys/keyring.js';
import { RESERVED_CLAIMS } from './access-token-claims.js';

/** A freshly signed access token and what the login/refresh response needs about it. */
export interface SignedAccessToken {
  token: string;
  jti: string;
  /** Seconds until expiry (the `expires_in` of RFC 6749 §5.1). */
  expiresIn: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Signs access tokens for sessions. */
export interface AccessTokenSigner {
  sign(input: {
    sub: string;
    sid: string;
    scope: readonly string[];
    claims?: Record<string, unknown>;
  }): Promise<SignedAccessToken>;
}

/** Signs at+jwt access tokens with the keyring's active key. */
export function createAccessTokenSigner(opts: {
  keyring: Keyring;
  issuer: string;
  audience: string | readonly string[];
  accessTtlMs: number;
  clock: Clock;
}): AccessTokenSigner {
  const ttlSeconds = Math.max(1, Math.floor(opts.accessTtlMs / 1000));
  const audience = typeof opts.audience === 'string' ? opts.audience : [...opts.audience];
  return {
    async sign({ sub, sid, scope, claims }) {
      const key = opts.keyring.active; // read per call: rotation swaps the active key
      const iat = Math.floor(opts.clock.now() / 1000);
      const exp = iat + ttlSeconds;
      const jti = randomToken(16);
      const payload = {
        ...extraClaims(claims),
        iss: opts.issuer,
        aud: audience,
        sub,
        sid,
        jti,
        iat,
        nbf: iat,
        exp,
        scope: scope.join(' '),
      };
      // RFC 9068 §2.1: typ "at+jwt" keeps access tokens apart from ID tokens and other JWTs.
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey);
      return { token, jti, expiresIn: ttlSeconds, exp };
    },
  };
}

function extraClaims(claims: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!claims) return out;
  for (const [name, value] of Object.entries(claims)) {
    if (!RESERVED_CLAIMS.has(name) && value !== undefined) out[name] = value;
  }
  return out;
}
