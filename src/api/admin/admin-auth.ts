import type { MiddlewareHandler } from 'hono';
import type { GatewayServices } from '../../gateway-services.js';
import { audit } from '../../observability/audit.js';
import type { AdminEnv } from './admin-env.js';
import { createAdminIdentifier } from './identify-admin.js';

/**
 * The admin API's authentication middleware: sets `adminActor` for an admin API key or an
 * admin-scoped access token of a live session (see createAdminIdentifier); otherwise audits the
 * refusal and answers 401 (no or bad credentials) or 403 (a valid token without the scope).
 */
export function adminAuth(
  services: Parameters<typeof createAdminIdentifier>[0] & Pick<GatewayServices, 'clock'>,
): MiddlewareHandler<AdminEnv> {
  const identify = createAdminIdentifier(services);
  return async (c, next) => {
    const { actor, error } = await identify({
      method: c.req.method,
      target: c.req.path,
      authorization: c.req.header('authorization'),
    });
    if (error) {
      // A store outage (503) is no one's doing; every refusal of credentials is audited.
      if (error.status < 500) {
        audit(c.get('log'), services.clock, {
          actor,
          action: 'admin.authenticate',
          target: `${c.req.method} ${c.req.path}`,
          outcome: 'denied',
        });
      }
      throw error;
    }
    c.set('adminActor', actor);
    await next();
  };
}
