import { Hono } from 'hono';
import type { GatewayDeps } from '../../deps.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { GatewayEnv } from '../../http/gateway-env.js';

/** Routes under the auth prefix (default /auth): login now; refresh, logout, session later. */
export function authRoutes(_deps: GatewayDeps, _services: GatewayServices): Hono<GatewayEnv> {
  throw new Error('unimplemented: helper I');
}
