import type { Handler } from 'hono';
import {
  revokeSessionById,
  type RevokeSessionByIdDeps,
} from '../../sessions/revoke-session-by-id.js';
import type { AdminEnv } from './admin-env.js';
import { adminParam } from './admin-param.js';

/**
 * `DELETE /admin/sessions/{sid}`: revokes the session. Idempotent like Keycloak's: 204 whether or
 * not a live session was found (a retried DELETE is not an error, and the revocation is published
 * either way); the audit event tells the two apart (`success` / `not-found`).
 */
export function deleteSession(services: RevokeSessionByIdDeps): Handler<AdminEnv> {
  return async (c) => {
    const sid = adminParam(c, 'sid');
    const record = await revokeSessionById(services, sid);
    c.set('audit', record ? { details: { sub: record.sub } } : { outcome: 'not-found' });
    return c.body(null, 204);
  };
}
