import { badGateway, gatewayTimeout, payloadTooLarge } from '../errors/errors.js';
import { GatewayError } from '../errors/gateway-error.js';
import { filterResponseHeaders, headersFromPairs } from './header-pairs.js';
import type { RequestView } from './request-view.js';
import {
  CLIENT_CLOSED,
  type UpstreamRequest,
  type UpstreamResult,
  type UpstreamTransport,
} from './upstream-transport.js';

/** Counts request body bytes and errors the stream once they pass the limit. */
class BodyLimit {
  exceeded = false;
  constructor(readonly limit: number) {}

  wrap(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    let seen = 0;
    return body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => {
          seen += chunk.byteLength;
          if (seen <= this.limit) return controller.enqueue(chunk);
          this.exceeded = true;
          controller.error(payloadTooLarge(this.limit));
        },
      }),
    );
  }
}

/**
 * The Web-fetch UpstreamTransport, for any runtime with a Web `fetch` (injected): streams the
 * client's body upstream (duplex 'half') and returns the upstream Response with filtered headers
 * for the runtime to send. The same contract as the Node transport (test/contract/transport).
 */
export function createFetchTransport(fetchFn: typeof fetch): UpstreamTransport {
  return {
    async forward(upstream, client) {
      const limit =
        upstream.bodyLimit === undefined ? undefined : new BodyLimit(upstream.bodyLimit);
      const body = requestBody(upstream, client, limit);
      const timeout = new AbortController();
      // Only the wait for response headers is bounded; the body may then stream for as long as it takes.
      const timer = setTimeout(() => timeout.abort(), upstream.timeoutMs);
      // The client leaving abandons the upstream exchange, before or after the response headers.
      const signal = AbortSignal.any([timeout.signal, client.signal]);
      let response: Response;
      try {
        response = await fetchFn(`${upstream.origin}${upstream.path}`, {
          method: upstream.method,
          headers: upstream.headers,
          body,
          duplex: 'half',
          redirect: 'manual',
          signal,
        } as RequestInit);
      } catch (error) {
        if (limit?.exceeded) throw payloadTooLarge(limit.limit);
        if (error instanceof GatewayError) throw error;
        if (client.signal.aborted) return clientClosed();
        throw timeout.signal.aborted ? gatewayTimeout(error) : badGateway(error);
      } finally {
        clearTimeout(timer);
      }
      return {
        response: clientResponse(response, upstream),
        status: response.status,
      };
    },
    close: async () => {},
  };
}

/** The body to send upstream, or null; throws 413 up front when Content-Length is over the limit. */
function requestBody(
  upstream: UpstreamRequest,
  client: RequestView,
  limit: BodyLimit | undefined,
): ReadableStream<Uint8Array> | null {
  const { headers } = upstream;
  if (upstream.method === 'GET' || upstream.method === 'HEAD') {
    delete headers['content-length'];
    return null;
  }
  const body = client.body;
  if (body === null || !limit) return body;
  const declared = headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > limit.limit) throw payloadTooLarge(limit.limit);
    return body;
  }
  return limit.wrap(body);
}

/** Nobody is left to answer; the status is for logs and metrics. */
function clientClosed(): UpstreamResult {
  return { response: new Response(null, { status: CLIENT_CLOSED }), status: CLIENT_CLOSED };
}

function clientResponse(upstream: Response, request: UpstreamRequest): Response {
  const pairs: string[] = [];
  // Fetch decodes content codings (Fetch §4.6), so the upstream's encoding and length no longer apply.
  const decoded = upstream.headers.has('content-encoding');
  // Iteration yields each Set-Cookie on its own (Fetch §5.2 "sort and combine").
  upstream.headers.forEach((value, name) => {
    if (!decoded || (name !== 'content-encoding' && name !== 'content-length'))
      pairs.push(name, value);
  });
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: headersFromPairs(
      filterResponseHeaders(pairs, request.responseHeaders, request.cookieGuard),
    ),
  });
}
