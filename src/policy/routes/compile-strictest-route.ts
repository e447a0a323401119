import type { RouteConfig } from '../../config/route-schema.js';
import type { GatehouseConfig } from '../../config/schema.js';
import type { PolicyServices } from '../compile-policy.js';
import { compileRoutes } from './compile-routes.js';
import type { CompiledRoute } from './compiled-route.js';

// Every path and method, `session` policy, fail closed: never `public`.
const STRICTEST: RouteConfig = {
  name: 'forward-auth-strictest',
  match: { path: '/*' },
  policy: 'session',
  scopes: [],
  forwardToken: false,
  matrixParams: false,
  methodOverride: false,
  assertion: false,
  onStoreDown: 'closed',
};

/**
 * The policy forward-auth applies when it cannot trust or read the forwarded request: a valid
 * access token, a live session (the `session` policy in the configured revocation mode) and every
 * scope any route requires, so it never approves a request some route would refuse for scope.
 */
export function compileStrictestRoute(
  config: GatehouseConfig,
  services: PolicyServices,
): CompiledRoute {
  const scopes = [...new Set(config.routes.flatMap((route) => route.scopes))];
  return compileRoutes({ ...config, routes: [{ ...STRICTEST, scopes }] }, services)[0]!;
}
