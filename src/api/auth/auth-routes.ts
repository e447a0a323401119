import { Hono } from 'hono';
import { methodNotAllowed } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import { cors } from '../../http/cors.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { refresh } from './refresh.js';
import { sessionRoutes } from '../session/session-routes.js';
import { verify } from '../forward-auth/verify.js';

/** Routes under the auth prefix (default /auth): login, refresh, logout and the session API. */
export function authRoutes(services: GatewayServices): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  app.route('/verify', verify(services)); // before CORS, which would answer preflights
  app.use('*', cors(services.config.cors.allowedOrigins));
  app.post('/login', login(services));
  app.post('/refresh', refresh(services));
  app.post('/logout', logout(services));
  // Without these, other methods would fall through to the proxy's catch-all.
  for (const path of ['/login', '/refresh', '/logout']) {
    app.all(path, () => {
      throw methodNotAllowed(['POST']);
    });
  }
  app.route('/session', sessionRoutes(services));
  return app;
}
