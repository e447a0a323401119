import type { GatewayServices } from '../../gateway-services.js';
import type { Handler } from 'hono';
import type { SigningKeyInfo } from '../../tokens/signing-keys.js';
import type { AdminEnv } from './admin-env.js';

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
