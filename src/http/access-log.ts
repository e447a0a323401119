import type { MiddlewareHandler } from 'hono';
import type { GatewayEnv } from './gateway-env.js';
import type { Clock } from '../lib/clock.js';

/** One JSON line per request: method, path (never the query: it may hold secrets), status, time. */
export function accessLog(clock: Clock): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const started = clock.now();
    await next();
    c.get('log').info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.get('status') ?? c.res.status,
        route: c.get('routeName'),
        ms: clock.now() - started,
      },
      'request',
    );
  };
}
