import type { GatewayServices } from '../../gateway-services.js';
import type { Handler } from 'hono';
import { keysManagedOutside } from '../../errors/errors.js';
import { storeCall } from '../../sessions/store-call.js';
import type { AdminEnv } from './admin-env.js';
import { adminParam } from './admin-param.js';

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
