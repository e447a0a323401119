import type { JWK } from 'jose';

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
