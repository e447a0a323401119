import type { GatewayServices } from '../../gateway-services.js';
import type { Handler } from 'hono';
import { z } from 'zod';
import { badRequest } from '../../errors/errors.js';
import { bodyLimits, readJsonBody } from '../../http/read-json-body.js';
import { revokeAccessToken, type RevokeAccessTokenDeps } from '../../revocation/revoke.js';
import type { AdminEnv } from './admin-env.js';

const revocationBody = z.strictObject({
  jti: z.string().regex(/^[\x21-\x7e]{1,256}$/, 'must be 1 to 256 printable ASCII characters'),
  /** The token's `exp`: seconds since the epoch, as in the JWT. */
  exp: z.number().int().positive(),
});

const REFUSED = {
  'already-expired': 'exp: the token has already expired everywhere; nothing to revoke',
  'beyond-access-ttl': 'exp: later than any access token this gateway issues (now + accessTtl)',
} as const;

/**
 * `POST /admin/revocations` `{jti, exp}`: revokes one access token until its `exp`
 * (README "Admin API"); 204. 400 naming `exp` when the token has already expired or could not be
 * one of ours.
 */
export function postRevocation(
  services: RevokeAccessTokenDeps & Pick<GatewayServices, 'config'>,
): Handler<AdminEnv> {
  return async (c) => {
    const body = await readJsonBody(c, revocationBody, bodyLimits(services.config.server));
    c.set('audit', { target: `token:${body.jti}` });
    const outcome = await revokeAccessToken(services, body);
    if (outcome !== 'revoked') throw badRequest('exp', REFUSED[outcome]);
    return c.body(null, 204);
  };
}
