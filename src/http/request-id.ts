import type { MiddlewareHandler } from 'hono';
import { LazyChildLogger, type Logger } from '../observability/logger.js';
import type { GatewayEnv } from './gateway-env.js';

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes a well-formed incoming X-Request-Id or makes one; binds it to the request's logger. */
export function requestId(logger: Logger): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    // randomUUID draws from a pooled CSPRNG buffer: far cheaper per call than getRandomValues.
    const id = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    c.set('log', new LazyChildLogger(logger, { requestId: id }));
    await next();
    // A handler that wrote its response itself (the streamed proxy) sent the id with it; touching
    // c.res then would make the listener write the response a second time.
    if (c.get('status') === undefined) c.header('x-request-id', id);
  };
}
