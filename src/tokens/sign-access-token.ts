import { SignJWT } from 'jose';
import type { Clock } from '../lib/clock.js';
import { randomToken } from '../lib/crypto.js';
import type { Keyring, SigningKey } from '../keys/keyring.js';
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

/** What an access-token signer is built with. */
export interface AccessTokenSignerOptions {
  keyring: Keyring;
  issuer: string;
  audience: string | readonly string[];
  accessTtlMs: number;
  clock: Clock;
}

/** Builds the gateway's access-token signer (the deps' `tokenSigner`). */
export type AccessTokenSignerFactory = (opts: AccessTokenSignerOptions) => AccessTokenSigner;

/** The protected header of an access token. */
export interface AccessTokenHeader {
  alg: SigningKey['alg'];
  kid: string;
  typ: 'at+jwt';
}

/** Signs one compact JWS (RFC 7515 §7.1) of `payload` under `header` with `key`. */
export type CompactJwsSigner = (
  header: AccessTokenHeader,
  payload: Record<string, unknown>,
  key: SigningKey,
) => string | Promise<string>;

/** jose's SignJWT on Web Crypto: the portable signature step. */
const joseCompactJws: CompactJwsSigner = (header, payload, key) =>
  new SignJWT(payload).setProtectedHeader({ ...header }).sign(key.privateKey);

/**
 * Signs at+jwt access tokens with the keyring's active key: claims and header built here, the
 * signature by `signJws` (jose by default; the Node adapter's node:crypto one in production).
 */
export function createSignerWith(
  signJws: CompactJwsSigner,
  opts: AccessTokenSignerOptions,
): AccessTokenSigner {
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
      const token = await signJws({ alg: key.alg, kid: key.kid, typ: 'at+jwt' }, payload, key);
      return { token, jti, expiresIn: ttlSeconds, exp };
    },
  };
}

/** Signs access tokens with jose (Web Crypto): the default on every runtime. */
export const createAccessTokenSigner: AccessTokenSignerFactory = (opts) =>
  createSignerWith(joseCompactJws, opts);

function extraClaims(claims: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!claims) return out;
  for (const [name, value] of Object.entries(claims)) {
    if (!RESERVED_CLAIMS.has(name) && value !== undefined) out[name] = value;
  }
  return out;
}
