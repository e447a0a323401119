import type { MiddlewareHandler } from 'hono';
import type { GatewayEnv } from './gateway-env.js';

const ALLOW_METHODS = 'GET, POST, PUT, PATCH';
const ALLOW_HEADERS = 'Content-Type, Authorization, If-Match';
// ETag for If-Match round trips on the context API, Retry-After on 429/503.
const EXPOSE_HEADERS = 'ETag, Retry-After';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS with credentials for the origins in `cors.allowedOrigins` only (Fetch standard §3.2): the
 * allowed origin is echoed (never `*`, which credentials forbid); other origins get no CORS
 * headers, so browsers keep their scripts from reading the answer. Preflights end here with 204.
 */
export function cors(allowedOrigins: readonly string[]): MiddlewareHandler<GatewayEnv> {
  const allowed = new Set(allowedOrigins.map((url) => new URL(url).origin));
  return async (c, next) => {
    const origin = c.req.header('origin');
    const permitted = origin !== undefined && allowed.has(origin) ? origin : undefined;
    const preflight =
      c.req.method === 'OPTIONS' &&
      origin !== undefined &&
      c.req.header('access-control-request-method') !== undefined;
    if (preflight) {
      const headers: Record<string, string> = { Vary: 'Origin' };
      if (permitted) {
        Object.assign(headers, {
          'Access-Control-Allow-Origin': permitted,
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Allow-Methods': ALLOW_METHODS,
          'Access-Control-Allow-Headers': ALLOW_HEADERS,
          'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
        });
      }
      return c.body(null, 204, headers);
    }
    await next();
    // The answer depends on Origin whichever it was, so shared caches must key on it.
    c.header('Vary', 'Origin', { append: true });
    if (permitted) {
      c.header('Access-Control-Allow-Origin', permitted);
      c.header('Access-Control-Allow-Credentials', 'true');
      c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
  };
}
