import {
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
} from 'jose';
import { base64urlEncode } from '../../src/lib/base64url.js';
import type { Clock } from '../../src/lib/clock.js';
import { randomToken } from '../../src/lib/crypto.js';
import vectors from '../vectors/attack-tokens.json' with { type: 'json' };

/** One attack-token case from test/vectors/attack-tokens.json. */
export interface AttackVector {
  name: string;
  title: string;
  /** The RFC section the rejection enforces. */
  rfc: string;
  /** The fixed `detail` of the 401 the gateway must answer with. */
  expectDetail: string;
}

/** The attack-token case table (data in test/vectors/attack-tokens.json). */
export const attackVectors: readonly AttackVector[] = vectors;

/** What the tokens are forged against: the gateway's real private JWK and its token config. */
export interface AttackTokenInput {
  signingJwk: JWK;
  issuer: string;
  audience: string | readonly string[];
  clock: Clock;
}

interface Forge {
  realKey: CryptoKey;
  alg: string;
  kid: string;
  attacker: { key: CryptoKey; publicJwk: JWK; kid: string };
  claims(overrides?: JWTPayload): JWTPayload;
  publicJwk: JWK;
  publicPem: string;
}

type Builder = (f: Forge) => Promise<string>;

const sign = (
  header: JWTHeaderParameters,
  claims: JWTPayload,
  key: CryptoKey | Uint8Array,
  crit?: Record<string, boolean>,
) => new SignJWT(claims).setProtectedHeader(header).sign(key, crit ? { crit } : undefined);

const encoder = new TextEncoder();
const HOUR = 3600;
const ATTACKER_HOST = 'https://attacker.example';

const builders: Record<string, Builder> = {
  'alg-none': async (f) =>
    `${base64urlEncode(JSON.stringify({ alg: 'none', kid: f.kid, typ: 'at+jwt' }))}.${base64urlEncode(JSON.stringify(f.claims()))}.`,
  'hs256-public-jwk-secret': (f) =>
    sign(
      { alg: 'HS256', kid: f.kid, typ: 'at+jwt' },
      f.claims(),
      encoder.encode(JSON.stringify(f.publicJwk)),
    ),
  'hs256-public-pem-secret': (f) =>
    sign({ alg: 'HS256', kid: f.kid, typ: 'at+jwt' }, f.claims(), encoder.encode(f.publicPem)),
  'other-asymmetric-alg': async (f) => {
    const other = f.alg === 'RS256' ? 'ES256' : 'RS256';
    const { privateKey } = await generateKeyPair(other);
    return sign({ alg: other, kid: f.kid, typ: 'at+jwt' }, f.claims(), privateKey);
  },
  'unknown-kid': (f) =>
    sign({ alg: f.alg, kid: 'no-such-key', typ: 'at+jwt' }, f.claims(), f.realKey),
  'missing-kid': (f) => sign({ alg: f.alg, typ: 'at+jwt' }, f.claims(), f.realKey),
  'kid-path-traversal': (f) =>
    sign({ alg: f.alg, kid: '../../etc/passwd', typ: 'at+jwt' }, f.claims(), f.realKey),
  'kid-proto': (f) => sign({ alg: f.alg, kid: '__proto__', typ: 'at+jwt' }, f.claims(), f.realKey),
  'jku-attacker-kid': (f) =>
    sign(
      { alg: f.alg, kid: f.attacker.kid, typ: 'at+jwt', jku: `${ATTACKER_HOST}/jwks.json` },
      f.claims(),
      f.attacker.key,
    ),
  'jku-real-kid': (f) =>
    sign(
      { alg: f.alg, kid: f.kid, typ: 'at+jwt', jku: `${ATTACKER_HOST}/jwks.json` },
      f.claims(),
      f.attacker.key,
    ),
  'embedded-jwk': (f) =>
    sign({ alg: f.alg, typ: 'at+jwt', jwk: f.attacker.publicJwk }, f.claims(), f.attacker.key),
  'embedded-jwk-real-kid': (f) =>
    sign(
      { alg: f.alg, kid: f.kid, typ: 'at+jwt', jwk: f.attacker.publicJwk },
      f.claims(),
      f.attacker.key,
    ),
  'x5u-real-kid': (f) =>
    sign(
      { alg: f.alg, kid: f.kid, typ: 'at+jwt', x5u: `${ATTACKER_HOST}/cert.pem` },
      f.claims(),
      f.attacker.key,
    ),
  expired: (f) => {
    const now = f.claims().iat!;
    return signReal(f, f.claims({ iat: now - 2 * HOUR, nbf: now - 2 * HOUR, exp: now - HOUR }));
  },
  'not-yet-valid': (f) => signReal(f, f.claims({ nbf: f.claims().iat! + HOUR })),
  'wrong-issuer': (f) => signReal(f, f.claims({ iss: `${ATTACKER_HOST}/` })),
  'wrong-audience': (f) => signReal(f, f.claims({ aud: 'some-other-api' })),
  'tampered-payload': async (f) => {
    const [header, , signature] = (await signReal(f, f.claims())).split('.');
    return `${header}.${base64urlEncode(JSON.stringify(f.claims({ sub: 'admin' })))}.${signature}`;
  },
  'unknown-crit': (f) =>
    sign(
      {
        alg: f.alg,
        kid: f.kid,
        typ: 'at+jwt',
        crit: ['urn:example:unknown'],
        'urn:example:unknown': true,
      },
      f.claims(),
      f.realKey,
      {
        'urn:example:unknown': true,
      },
    ),
  'wrong-typ': (f) => sign({ alg: f.alg, kid: f.kid, typ: 'JWT' }, f.claims(), f.realKey),
  'missing-typ': (f) => sign({ alg: f.alg, kid: f.kid }, f.claims(), f.realKey),
  'missing-sid': (f) => signReal(f, f.claims({ sid: undefined })),
  'empty-sub': (f) => signReal(f, f.claims({ sub: '' })),
  'non-string-scope': (f) => signReal(f, f.claims({ scope: ['read', 'write'] })),
  'not-a-jws': async (f) => (await signReal(f, f.claims())).split('.').slice(0, 2).join('.'),
  'padded-signature': async (f) => `${await signReal(f, f.claims())}==`,
  'signature-trailing-bits': async (f) => {
    const [header, payload, signature] = await signWithSpareBits(f, 'signature');
    return `${header}.${payload}.${setSpareBits(signature!)}`;
  },
  'payload-trailing-bits': async (f) => {
    const [header, payload, signature] = await signWithSpareBits(f, 'payload');
    return `${header}.${setSpareBits(payload!)}.${signature}`;
  },
  'standard-alphabet-signature': async (f) => {
    // Signatures vary with the jti: sign until one holds a "-" or "_" to respell.
    for (;;) {
      const [header, payload, signature] = (await signReal(f, f.claims())).split('.');
      if (/[-_]/.test(signature!)) {
        return `${header}.${payload}.${signature!.replace(/-/g, '+').replace(/_/g, '/')}`;
      }
    }
  },
  'outside-alphabet-signature': async (f) => {
    const [header, payload, signature] = (await signReal(f, f.claims())).split('.');
    return `${header}.${payload}.~${signature!.slice(1)}`;
  },
};

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `segment` with its last character's unused low bits set: same bytes, another spelling. */
function setSpareBits(segment: string): string {
  const spare = segment.length % 4 === 2 ? 0b1111 : 0b11;
  const last = B64URL.indexOf(segment.at(-1)!);
  return segment.slice(0, -1) + B64URL[last | spare];
}

/**
 * The segments of a genuine token whose `which` segment's length is not a multiple of 4, so its
 * last character has unused bits; the payload grows by a filler claim until it is so.
 */
async function signWithSpareBits(f: Forge, which: 'payload' | 'signature'): Promise<string[]> {
  for (let filler = 0; filler < 8; filler++) {
    const segments = (await signReal(f, f.claims({ pad: 'x'.repeat(filler) }))).split('.');
    if (segments[which === 'payload' ? 1 : 2]!.length % 4 >= 2) return segments;
  }
  throw new Error(`no ${which} with a spare-bit length`);
}

function signReal(f: Forge, claims: JWTPayload): Promise<string> {
  return sign({ alg: f.alg, kid: f.kid, typ: 'at+jwt' }, claims, f.realKey);
}

/**
 * Forges every attack token of test/vectors/attack-tokens.json against the given key and
 * config, keyed by vector name. Each is otherwise well-formed and currently valid, so it is
 * rejected only for the reason its vector names.
 */
export async function buildAttackTokens(input: AttackTokenInput): Promise<Record<string, string>> {
  const forge = await prepare(input);
  const tokens: Record<string, string> = {};
  for (const vector of attackVectors) {
    const build = builders[vector.name];
    if (!build) throw new Error(`attack-tokens.ts has no builder for vector "${vector.name}"`);
    tokens[vector.name] = await build(forge);
  }
  return tokens;
}

async function prepare({ signingJwk, issuer, audience, clock }: AttackTokenInput): Promise<Forge> {
  const alg = signingJwk.alg ?? 'ES256';
  const kid = signingJwk.kid ?? (await calculateJwkThumbprint(signingJwk));
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, ...publicJwk } = signingJwk;
  const attacker = await generateKeyPair(alg, { extractable: true });
  const attackerJwk = await exportJWK(attacker.publicKey);
  const now = Math.floor(clock.now() / 1000);
  const base: JWTPayload = {
    iss: issuer,
    aud: typeof audience === 'string' ? audience : [...audience],
    sub: 'attack-target',
    sid: 'attack-session',
    iat: now,
    nbf: now,
    exp: now + 300,
    scope: 'read',
  };
  return {
    realKey: (await importJWK(signingJwk, alg)) as CryptoKey,
    alg,
    kid,
    attacker: {
      key: attacker.privateKey,
      publicJwk: attackerJwk,
      kid: await calculateJwkThumbprint(attackerJwk),
    },
    claims: (overrides = {}) => dropUndefined({ ...base, jti: randomToken(16), ...overrides }),
    publicJwk,
    publicPem: await exportSPKI(
      (await importJWK(publicJwk, alg, { extractable: true })) as CryptoKey,
    ),
  };
}

function dropUndefined(claims: JWTPayload): JWTPayload {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}
