import { Hono } from 'hono';
import { methodNotAllowed } from '../../errors/errors.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { contextPatch, contextRead, contextReplace } from './context-handlers.js';
import { createSessionApi } from './session-api.js';
import { sessionInfo } from './session-info.js';

/**
 * `GET /session`, `GET|PUT|PATCH /session/context` under the auth prefix
 * (README "Sessions and refresh tokens", "Session context"). Each needs a bearer access token of a
 * live session; HEAD is served as GET.
 */
export function sessionRoutes(services: Parameters<typeof createSessionApi>[0]): Hono<GatewayEnv> {
  const api = createSessionApi(services);
  const app = new Hono<GatewayEnv>();
  app.get('/', sessionInfo(api));
  app.all('/', () => {
    throw methodNotAllowed(['GET']);
  });
  app.get('/context', contextRead(api));
  app.put('/context', contextReplace(api));
  app.patch('/context', contextPatch(api));
  app.all('/context', () => {
    throw methodNotAllowed(['GET', 'PUT', 'PATCH']);
  });
  return app;
}
