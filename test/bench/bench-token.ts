import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_ISSUER = 'http://localhost:8080';
export const BENCH_AUDIENCE = 'gatehouse';
export const BENCH_KID = 'bench-key';
/** The scope every bench token carries (the token routes require read:api). */
export const BENCH_SCOPE = 'read:api profile';

/**
 * The run's one ES256 key pair, which every token target verifies with: the SPKI PEM for
 * fastify-jwt and HAProxy, the private JWK in a key file for the memory-store gatehouse.
 */
export interface BenchKey {
  privateKey: KeyObject;
  /** SPKI PEM of the public key (what @fastify/jwt takes). */
  publicKeyPem: string;
  /** The same PEM in a file (what HAProxy's jwt_verify loads). */
  publicKeyFile: string;
  /** `{"keys": [<private JWK, kid bench-key, alg ES256>]}`, mode 0600 (gatehouse's `tokens.keys: { source: file }`). */
  keysFile: string;
}

/** A fresh P-256 key pair, its public PEM and private key file written into `dir`. */
export function createBenchKey(dir: string): BenchKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const publicKeyFile = join(dir, 'bench-key.pub.pem');
  writeFileSync(publicKeyFile, publicKeyPem);
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: BENCH_KID, alg: 'ES256' };
  const keysFile = join(dir, 'bench-key.jwks.json');
  writeFileSync(keysFile, `${JSON.stringify({ keys: [jwk] }, null, 2)}\n`, { mode: 0o600 });
  return { privateKey, publicKeyPem, publicKeyFile, keysFile };
}

/** Overrides for a deliberately bad token (check-targets.ts) or a token of another shape. */
export interface MintOptions {
  /** Seconds since the epoch; now when omitted. */
  now?: number;
  /** Seconds from `now` to `exp` (3600 when omitted; negative: already expired). */
  ttlS?: number;
  /** Header fields replacing gatehouse's {alg, typ, kid}. */
  header?: Record<string, unknown>;
  /** Claims replacing (or, set to undefined, removing) gatehouse's. */
  claims?: Record<string, unknown>;
}

/**
 * A token shaped like a gatehouse access token (header alg ES256, typ at+jwt, kid bench-key;
 * claims iss, aud, sub, sid, jti, iat, nbf, exp, scope in gatehouse's order), signed with
 * node:crypto (synchronous, IEEE P1363 signature as JWS wants it): about 30 µs a token.
 */
export function mintToken(privateKey: KeyObject, opts: MintOptions = {}): string {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const header = { alg: 'ES256', typ: 'at+jwt', kid: BENCH_KID, ...opts.header };
  const payload = {
    iss: BENCH_ISSUER,
    aud: BENCH_AUDIENCE,
    sub: 'demo',
    sid: randomBytes(16).toString('base64url'),
    jti: randomBytes(16).toString('base64url'),
    iat: now,
    nbf: now,
    exp: now + (opts.ttlS ?? 3600),
    scope: BENCH_SCOPE,
    ...opts.claims,
  };
  const input = `${base64url(header)}.${base64url(payload)}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

/** `count` distinct tokens (distinct sid and jti), all valid for `ttlS` seconds from now. */
export function mintTokens(privateKey: KeyObject, count: number, ttlS = 3600): string[] {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, () => mintToken(privateKey, { now, ttlS }));
}

/** Writes `tokens` one per line (what tokens.lua reads); returns the path. */
export function writeTokensFile(path: string, tokens: readonly string[]): string {
  writeFileSync(path, `${tokens.join('\n')}\n`);
  return path;
}

/** A token a target must refuse, and what is wrong with it. */
export interface BadToken {
  what: string;
  token: string;
}

/**
 * Tokens every token target must refuse (401, or 403 for the missing scope), each signed with
 * `privateKey` unless it is the wrong-signature one: checked before any load, so a peer that
 * skips a check is not measured as if it made it.
 */
export function badTokens(privateKey: KeyObject): BadToken[] {
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const good = mintToken(privateKey);
  const [header, payload] = good.split('.');
  return [
    { what: 'wrong signature', token: mintToken(other) },
    { what: 'alg none', token: `${base64url({ alg: 'none', typ: 'at+jwt' })}.${payload}.` },
    {
      what: 'expired',
      token: mintToken(privateKey, { now: Math.floor(Date.now() / 1000) - 7200 }),
    },
    { what: 'wrong aud', token: mintToken(privateKey, { claims: { aud: 'someone-else' } }) },
    { what: 'wrong iss', token: mintToken(privateKey, { claims: { iss: 'http://evil.test' } }) },
    { what: 'no read:api scope', token: mintToken(privateKey, { claims: { scope: 'profile' } }) },
    {
      what: 'tampered payload',
      token: `${header}.${base64url({ ...decode(payload!), sub: 'root' })}.${good.split('.')[2]}`,
    },
  ];
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
