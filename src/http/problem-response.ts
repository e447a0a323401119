import type { GatewayError } from '../errors/gateway-error.js';
import { bearerChallenge } from './www-authenticate.js';

/** Renders a GatewayError as an RFC 9457 problem+json response (with the RFC 6750 challenge). */
export function problemResponse(error: GatewayError, requestId?: string): Response {
  const body: Record<string, unknown> = {
    type: error.type,
    title: error.title,
    status: error.status,
  };
  if (error.detail !== undefined) body.detail = error.detail;
  if (error.field !== undefined) body.field = error.field;
  if (requestId !== undefined) body.requestId = requestId;
  const headers = new Headers({
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    ...error.headers,
  });
  if (error.challenge) {
    // RFC 6750 §3.1: a request with no credentials gets a challenge without an error code.
    const bare = error.challenge.error === 'invalid_request' && error.code === 'missing-token';
    headers.set(
      'www-authenticate',
      bearerChallenge(
        bare
          ? {}
          : {
              error: error.challenge.error,
              description: error.detail,
              scope: error.challenge.scope,
            },
      ),
    );
  }
  return new Response(JSON.stringify(body), { status: error.status, headers });
}
