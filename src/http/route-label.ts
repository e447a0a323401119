import type { MiddlewareHandler } from 'hono';
import type { GatewayEnv } from './gateway-env.js';

/**
 * Names the built-in endpoints (`auth`, `admin`, `ops`) in logs and metrics, so those label
 * values stay a fixed set; a route applied later (forward-auth) names the request after itself.
 */
export function routeLabel(name: string): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    c.set('routeName', name);
    await next();
  };
}
