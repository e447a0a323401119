import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../observability/logger.js';
import { randomToken } from '../lib/random-token.js';
import type { GatewayEnv } from './gateway-env.js';

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes a well-formed incoming X-Request-Id or makes one; binds it to the request's logger. */
export function requestId(logger: Logger): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomToken(12);
    c.set('requestId', id);
    c.set('log', logger.child({ requestId: id }));
    // Set before the handler runs: a streamed proxy response is already on the wire afterwards.
    c.header('x-request-id', id);
    await next();
  };
}
