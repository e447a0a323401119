import type { Handler } from 'hono';
import type { GatewayDeps } from '../../deps.js';
import { revokeUserSessions } from '../../sessions/revoke-user-sessions.js';
import type { AdminEnv } from './admin-env.js';
import { adminParam } from './admin-param.js';

/**
 * `DELETE /admin/users/{sub}/sessions`: revokes all the user's sessions and every access token
 * issued to them before now (a per-user not-before); 200 `{revoked: n}`, n = live sessions ended.
 */
export function deleteUserSessions(deps: GatewayDeps): Handler<AdminEnv> {
  return async (c) => {
    const sub = adminParam(c, 'sub');
    const revoked = await revokeUserSessions(deps, sub);
    c.set('audit', { details: { revoked } });
    return c.json({ revoked }, 200);
  };
}
