import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { GatewayError } from '../errors/gateway-error.js';
import { badRequest, payloadTooLarge } from '../errors/errors.js';
import { logSafeError } from '../observability/log-safe-error.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayEnv } from './gateway-env.js';
import { problemResponse } from './problem-response.js';

/** The one error boundary: GatewayErrors render as problem+json, anything else as an opaque 500. */
export function errorBoundary(logger: Logger): ErrorHandler<GatewayEnv> {
  return (error, c) => {
    const log = c.get('log') ?? logger;
    const requestId = c.get('requestId');
    const known = toGatewayError(error);
    if (known) {
      if (known.status >= 500) {
        const cause = known.cause === undefined ? undefined : logSafeError(known.cause);
        log.warn({ code: known.code, cause }, known.title);
      }
      const response = problemResponse(known, requestId);
      if (requestId) response.headers.set('x-request-id', requestId);
      return response;
    }
    log.error({ err: logSafeError(error) }, 'unhandled error');
    const opaque = new GatewayError({
      code: 'internal',
      status: 500,
      title: 'Internal server error',
      detail: 'the gateway failed to handle this request',
    });
    return problemResponse(opaque, requestId);
  };
}

function toGatewayError(error: unknown): GatewayError | undefined {
  if (error instanceof GatewayError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return payloadTooLarge(0);
    if (error.status === 400) return badRequest('(request)', 'malformed request');
  }
  return undefined;
}
