import type { SigningAlgorithm, SigningKey } from './keyring.js';
import {
  calculateJwkThumbprint,
  CompactSign,
  compactVerify,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import { base64urlDecode } from '../lib/base64url.js';

/** True when the JWK's key type (and curve) is the one `alg` signs with (RFC 7518 §3.1, RFC 8037 §3.1). */
export function jwkFitsAlgorithm(jwk: JWK, alg: SigningAlgorithm): boolean {
  switch (alg) {
    case 'ES256':
      return jwk.kty === 'EC' && jwk.crv === 'P-256';
    case 'EdDSA':
      return jwk.kty === 'OKP' && jwk.crv === 'Ed25519';
    case 'RS256':
      return jwk.kty === 'RSA';
    default:
      return false;
  }
}

/** Generates a new key pair for `alg` and returns it as a private JWK with `kid` and `alg` set. */
export async function generateSigningKey(alg: SigningAlgorithm): Promise<JWK> {
  // EdDSA → Ed25519, RS256 → 2048-bit modulus: jose's defaults for these algorithms.
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  // RFC 7638 thumbprint of the public key, so the kid is stable and derivable by anyone.
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey), 'sha256');
  return { ...jwk, kid, alg, use: 'sig' };
}

const ALGORITHMS: readonly string[] = ['ES256', 'EdDSA', 'RS256'];
const MIN_RSA_BITS = 2048; // RFC 7518 §3.3
const PROBE = new TextEncoder().encode('gatehouse key check');

/**
 * Imports one private JWK as a SigningKey. `label` names the key in errors ("signing key #1");
 * no message ever carries key material or a library's message (which might).
 */
export async function importSigningKey(
  jwk: JWK,
  defaultAlg: SigningAlgorithm,
  label: string,
): Promise<SigningKey> {
  const alg = checkedAlgorithm(jwk, defaultAlg, label);
  let members: JWK;
  try {
    members = publicJwk(jwk);
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message}`);
  }
  const kid = jwk.kid ?? (await calculateJwkThumbprint(members, 'sha256'));
  const named = jwk.kid === undefined ? label : `${label} (kid "${kid}")`;
  const pub: JWK = { ...members, kid, alg, use: 'sig' };
  const { privateKey, publicKey } = await importPair(jwk, pub, alg, named);
  // Catches a JWK whose private part does not belong to its public part: every token it
  // signed would fail verification everywhere.
  const probe = await new CompactSign(PROBE).setProtectedHeader({ alg }).sign(privateKey);
  await compactVerify(probe, publicKey, { algorithms: [alg] }).catch(() => {
    throw new Error(`${named}: the private key does not match the public key`);
  });
  return { kid, alg, privateKey, publicKey, publicJwk: pub };
}

function checkedAlgorithm(jwk: JWK, defaultAlg: SigningAlgorithm, label: string): SigningAlgorithm {
  if (typeof jwk !== 'object' || jwk === null) throw new Error(`${label}: not a JSON object`);
  const alg = jwk.alg ?? defaultAlg;
  if (!ALGORITHMS.includes(alg)) throw new Error(`${label}: "alg" must be ES256, EdDSA or RS256`);
  const signingAlg = alg as SigningAlgorithm;
  if (!jwkFitsAlgorithm(jwk, signingAlg)) {
    throw new Error(
      `${label}: key type does not fit ${signingAlg} (ES256: EC P-256, EdDSA: OKP Ed25519, RS256: RSA)`,
    );
  }
  if (typeof jwk.d !== 'string' || jwk.d === '')
    throw new Error(`${label}: no private key material ("d")`);
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new Error(`${label}: "use" must be "sig"`);
  if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || jwk.kid === '')) {
    throw new Error(`${label}: "kid" must be a non-empty string`);
  }
  if (signingAlg === 'RS256' && rsaModulusBits(jwk) < MIN_RSA_BITS) {
    throw new Error(`${label}: RSA modulus must be at least ${MIN_RSA_BITS} bits`);
  }
  return signingAlg;
}

function rsaModulusBits(jwk: JWK): number {
  try {
    return typeof jwk.n === 'string' ? base64urlDecode(jwk.n).length * 8 : 0;
  } catch {
    return 0;
  }
}

async function importPair(
  jwk: JWK,
  pub: JWK,
  alg: SigningAlgorithm,
  named: string,
): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  // `use`/`kid`/`alg` are already checked; WebCrypto only needs the key members.
  const { use: _use, kid: _kid, alg: _alg, ...material } = jwk;
  try {
    const privateKey = await importJWK(material, alg, { extractable: false });
    const publicKey = await importJWK(pub, alg);
    if (!(privateKey instanceof CryptoKey) || !(publicKey instanceof CryptoKey))
      throw new TypeError();
    return { privateKey, publicKey };
  } catch {
    throw new Error(`${named}: cannot be imported as an ${alg} key (malformed or incomplete JWK)`);
  }
}

// Whitelist rather than strip: whatever a private JWK carries besides these (d, p, q, dp, dq,
// qi, oth, k, key_ops, ext, unknown members) never reaches the JWKS (RFC 7517 §9.2).
const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
  RSA: ['n', 'e'],
};

/** The public members of an EC, OKP or RSA JWK (kty and key values only); throws when one is missing. */
export function publicJwk(jwk: JWK): JWK {
  const members = jwk.kty === undefined ? undefined : PUBLIC_MEMBERS[jwk.kty];
  if (!members) throw new Error('unsupported key type (expected EC, OKP or RSA)');
  const out: JWK = { kty: jwk.kty };
  for (const name of members) {
    const value = (jwk as Record<string, unknown>)[name];
    if (typeof value !== 'string' || value === '')
      throw new Error(`missing public member "${name}"`);
    (out as Record<string, unknown>)[name] = value;
  }
  return out;
}
