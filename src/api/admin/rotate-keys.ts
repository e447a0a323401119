import type { GatewayServices } from '../../gateway-services.js';
import type { Handler } from 'hono';
import { keysManagedOutside } from '../../errors/errors.js';
import { storeCall } from '../../sessions/store-call.js';
import type { AdminEnv } from './admin-env.js';

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
