import type { Handler } from 'hono';
import { revokeUserSessions, type RevokeUserDeps } from '../../sessions/revoke-user-sessions.js';
import type { AdminEnv } from './admin-env.js';
import { adminParam } from './admin-param.js';

/**
 * `DELETE /admin/users/{sub}/sessions`: revokes all the user's sessions and every access token
 * issued to them before now (a per-user not-before); 200 `{revoked: n}`, n = live sessions ended.
 */
export function deleteUserSessions(services: RevokeUserDeps): Handler<AdminEnv> {
  return async (c) => {
    const sub = adminParam(c, 'sub');
    const revoked = await revokeUserSessions(services, sub);
    c.set('audit', { details: { revoked } });
    return c.json({ revoked }, 200);
  };
}
