import type { GatewayServices } from '../../gateway-services.js';
import type { Context } from 'hono';
import { z } from 'zod';
import { badRequest } from '../../errors/errors.js';
import type { RefreshCookie } from '../../http/cookies.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { originCheck } from '../../http/origin-check.js';
import { bodyLimits, readJsonBody } from '../../http/read-json-body.js';

/** A presented refresh token and where it came from. */
export interface RefreshCredential {
  token: string;
  from: 'cookie' | 'body';
}

const refreshBody = z.strictObject({
  refresh_token: z.string().min(1).max(512).optional(),
});

/**
 * Whether the request carries content. RFC 9112 §6.3: without Content-Length or
 * Transfer-Encoding there is none (a browser sends `Content-Length: 0`, `curl -X POST` neither);
 * a Request built in-process has no framing headers, but names a content type when it has a body.
 */
function hasBody(request: Request): boolean {
  if (request.body === null) return false;
  const length = request.headers.get('content-length');
  if (length !== null) return length !== '0';
  return request.headers.has('transfer-encoding') || request.headers.has('content-type');
}

/**
 * Builds the reader of a refresh/logout request's refresh token: from the JSON body
 * `{refresh_token}` (only when `sessions.allowRefreshTokenInBody`, else 400 naming the field), or
 * from the cookie, which needs an allowed Origin (the CSRF defence of
 * README "Sessions and refresh tokens", 403 otherwise). Undefined when there is neither.
 */
export function refreshCredentialReader(
  services: Pick<GatewayServices, 'config'>,
  cookie: RefreshCookie,
): (c: Context<GatewayEnv>) => Promise<RefreshCredential | undefined> {
  const { config } = services;
  const checkOrigin = originCheck(config.cors.allowedOrigins);
  return async (c) => {
    const body = hasBody(c.req.raw)
      ? await readJsonBody(c, refreshBody, bodyLimits(config.server))
      : {};
    if (body.refresh_token !== undefined) {
      if (!config.sessions.allowRefreshTokenInBody) {
        throw badRequest('refresh_token', 'refresh_token: not allowed in the body by this gateway');
      }
      // A token in the body cannot be sent by a forged cross-site request: no Origin check.
      return { token: body.refresh_token, from: 'body' };
    }
    const fromCookie = cookie.read(c.req.header('cookie'));
    if (fromCookie === undefined) return undefined;
    checkOrigin(c.req.raw);
    return { token: fromCookie, from: 'cookie' };
  };
}
