import type { GatewayServices } from '../../gateway-services.js';
import type { Handler } from 'hono';
import type { SigningKeyInfo } from '../../keys/signing-keys.js';
import type { AdminEnv } from './admin-env.js';
import { keysManagedOutside } from '../../errors/errors.js';
import { storeCall } from '../../store/store-call.js';
import { adminParam } from './admin-params.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * `GET /admin/keys`: the signing keys this instance serves, active first — `kid`, `alg`, and when
 * each was made and retired (ISO 8601; null for keys from a file or the environment, which carry
 * no dates). No key material. 200 `{keys: [{kid, alg, active, createdAt, retiredAt}]}`.
 */
export function getKeys(
  services: Pick<GatewayServices, 'signingKeys' | 'keyring'>,
): Handler<AdminEnv> {
  return (c) => {
    const keys: SigningKeyInfo[] =
      services.signingKeys?.list() ??
      services.keyring.jwks().keys.map((jwk, index) => ({
        kid: jwk.kid!,
        alg: jwk.alg!,
        active: index === 0,
        createdAt: null,
        retiredAt: null,
      }));
    c.set('audit', { details: { keys: keys.length } });
    return c.json({
      keys: keys.map((key) => ({
        ...key,
        createdAt: iso(key.createdAt),
        retiredAt: iso(key.retiredAt),
      })),
    });
  };
}

/**
 * `POST /admin/keys/rotate`: a new active signing key on every instance (README "Tokens and keys");
 * the previous one keeps verifying until its last token has expired. 200 `{kid, previous}`; 409
 * when the keys come from a file or the environment. No body is read.
 */
export function rotateKeys(services: Pick<GatewayServices, 'signingKeys'>): Handler<AdminEnv> {
  return async (c) => {
    if (!services.signingKeys) throw keysManagedOutside();
    const keys = services.signingKeys;
    // The key set lives in the store (or the data dir): failing to reach it is a 503.
    const rotation = await storeCall(() => keys.rotate());
    c.set('audit', { details: { kid: rotation.kid } });
    return c.json(rotation, 200);
  };
}

/**
 * `DELETE /admin/keys/{kid}`: the key stops verifying on every instance, so every token it signed
 * is refused from the next request on — for a key that leaked. Revoking the active key makes a
 * new one sign first. 200 `{revoked, kid, previous}`; 404 for a kid the set does not hold; 409
 * when the keys come from a file or the environment.
 */
export function revokeKey(services: Pick<GatewayServices, 'signingKeys'>): Handler<AdminEnv> {
  return async (c) => {
    const kid = adminParam(c, 'kid');
    if (!services.signingKeys) throw keysManagedOutside();
    const keys = services.signingKeys;
    const revocation = await storeCall(() => keys.revoke(kid));
    c.set('audit', { details: { active: revocation.kid } });
    return c.json(revocation, 200);
  };
}
