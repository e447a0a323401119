import { badGateway, gatewayTimeout, payloadTooLarge } from '../errors/errors.js';
import { GatewayError } from '../errors/gateway-error.js';
import { filterResponseHeaders } from './filter-response-headers.js';
import { headersFromPairs } from './headers-from-pairs.js';
import type { UpstreamClient, UpstreamRequest } from './upstream-client.js';

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
 * An UpstreamClient on an injected Web `fetch` (edge runtimes, in-process tests): streams the
 * request body (duplex 'half') and returns the upstream Response with filtered headers.
 */
export function createFetchUpstreamClient(fetchFn: typeof fetch): UpstreamClient {
  return {
    async forward(upstream, { request }) {
      const limit =
        upstream.bodyLimit === undefined ? undefined : new BodyLimit(upstream.bodyLimit);
      const body = requestBody(upstream, request, limit);
      const timeout = new AbortController();
      // Only the wait for response headers is bounded; the body may then stream for as long as it takes.
      const timer = setTimeout(() => timeout.abort(), upstream.timeoutMs);
      let response: Response;
      try {
        response = await fetchFn(`${upstream.origin}${upstream.path}`, {
          method: upstream.method,
          headers: upstream.headers,
          body,
          duplex: 'half',
          redirect: 'manual',
          signal: timeout.signal,
        } as RequestInit);
      } catch (error) {
        if (limit?.exceeded) throw payloadTooLarge(limit.limit);
        if (error instanceof GatewayError) throw error;
        throw timeout.signal.aborted ? gatewayTimeout(error) : badGateway(error);
      } finally {
        clearTimeout(timer);
      }
      return {
        response: clientResponse(response, upstream.responseHeaders),
        status: response.status,
      };
    },
    close: async () => {},
  };
}

function requestBody(
  upstream: UpstreamRequest,
  request: Request,
  limit: BodyLimit | undefined,
): ReadableStream<Uint8Array> | null {
  if (upstream.method === 'GET' || upstream.method === 'HEAD' || request.body === null) return null;
  if (!limit) return request.body;
  const declared = upstream.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > limit.limit) throw payloadTooLarge(limit.limit);
    return request.body;
  }
  return limit.wrap(request.body);
}

function clientResponse(upstream: Response, own: Readonly<Record<string, string>>): Response {
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
    headers: headersFromPairs(filterResponseHeaders(pairs, own)),
  });
}
