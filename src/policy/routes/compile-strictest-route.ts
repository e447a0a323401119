import type { RouteConfig } from '../../config/route-schema.js';
import type { GatehouseConfig } from '../../config/schema.js';
import type { PolicyServices } from '../compile-policy.js';
import { compileRoutes } from './compile-routes.js';
import type { CompiledRoute } from './compiled-route.js';

// Every path and method, `session` policy, no scopes, fail closed: never `public`.
const STRICTEST: RouteConfig = {
  name: 'forward-auth-strictest',
  match: { path: '/*' },
  policy: 'session',
  scopes: [],
  forwardToken: false,
  matrixParams: false,
  assertion: false,
  onStoreDown: 'closed',
};

/**
 * The policy forward-auth applies when it cannot trust or read the forwarded request: a valid
 * access token and a live session (the `session` policy in the configured revocation mode).
 */
export function compileStrictestRoute(
  config: GatehouseConfig,
  services: PolicyServices,
): CompiledRoute {
  return compileRoutes({ ...config, routes: [STRICTEST] }, services)[0]!;
}
