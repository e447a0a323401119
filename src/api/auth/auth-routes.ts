import { Hono } from 'hono';
import type { GatewayDeps } from '../../deps.js';
import { methodNotAllowed } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { login } from './login.js';

/** Routes under the auth prefix (default /auth): login now; refresh, logout, session later. */
export function authRoutes(deps: GatewayDeps, services: GatewayServices): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  app.post('/login', login(deps, services));
  // Without this, other methods would fall through to the proxy's catch-all.
  app.all('/login', () => {
    throw methodNotAllowed(['POST']);
  });
  return app;
}
