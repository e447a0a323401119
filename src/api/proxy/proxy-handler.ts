import type { Handler } from 'hono';
import type { GatewayDeps } from '../../deps.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { GatewayEnv } from '../../http/gateway-env.js';

/** The catch-all handler: evaluate the matching route's policy, then forward upstream. */
export function proxyHandler(_deps: GatewayDeps, _services: GatewayServices): Handler<GatewayEnv> {
  throw new Error('unimplemented: helper P');
}
