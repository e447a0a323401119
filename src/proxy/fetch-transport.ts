import { badGateway, gatewayTimeout, payloadTooLarge, requestBodyIdle } from '../errors/errors.js';
import { GatewayError } from '../errors/gateway-error.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import { filterResponseHeaders, headersFromPairs } from './header-pairs.js';
import type { RequestView } from './request-view.js';
import {
  CLIENT_CLOSED,
  logBodyIdle,
  type BodyDirection,
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

const IDLE = Symbol('idle');

/**
 * `body` passed on chunk by chunk as the reader asks for it; when the next chunk takes longer
 * than `idleMs` to come while one is asked for, the stream fails with `onIdle()`'s error and
 * the source is cancelled. Time the reader does not ask (a slow consumer) never counts.
 */
function idleGuard(
  body: ReadableStream<Uint8Array>,
  idleMs: number,
  onIdle: () => Error,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const quiet = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(IDLE), idleMs);
        });
        try {
          const next = await Promise.race([reader.read(), quiet]);
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          const failure = error === IDLE ? onIdle() : error;
          controller.error(failure);
          if (error === IDLE) void reader.cancel(failure).catch(() => {});
        } finally {
          clearTimeout(timer);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * The Web-fetch UpstreamTransport, for any runtime with a Web `fetch` (injected): streams the
 * client's body upstream (duplex 'half') and returns the upstream Response with filtered headers
 * for the runtime to send. The same contract as the Node transport (test/contract/transport).
 * `logger` receives the idle-body aborts.
 */
export function createFetchTransport(
  fetchFn: typeof fetch,
  options: { logger?: Logger } = {},
): UpstreamTransport {
  const logger = options.logger ?? silentLogger;
  return {
    async forward(upstream, client) {
      const limit =
        upstream.bodyLimit === undefined ? undefined : new BodyLimit(upstream.bodyLimit);
      // A body that goes quiet, either way, aborts the whole exchange, logged once.
      const idle = new AbortController();
      let quiet: BodyDirection | undefined;
      const onIdle = (direction: BodyDirection) => () => {
        if (quiet === undefined) logBodyIdle(logger, upstream, direction);
        quiet ??= direction;
        idle.abort();
        return direction === 'client-to-upstream'
          ? requestBodyIdle(upstream.bodyIdleMs)
          : new Error('the upstream response body went quiet');
      };
      const clientBody = requestBody(upstream, client, limit);
      const body =
        clientBody && idleGuard(clientBody, upstream.bodyIdleMs, onIdle('client-to-upstream'));
      const timeout = new AbortController();
      // Only the wait for response headers is bounded by the route timeout; the body by bodyIdle.
      const timer = setTimeout(() => timeout.abort(), upstream.timeoutMs);
      // The client leaving abandons the upstream exchange, before or after the response headers.
      const signal = AbortSignal.any([timeout.signal, client.signal, idle.signal]);
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
        if (quiet === 'client-to-upstream') throw requestBodyIdle(upstream.bodyIdleMs);
        if (error instanceof GatewayError) throw error;
        if (client.signal.aborted) return clientClosed();
        throw timeout.signal.aborted ? gatewayTimeout(error) : badGateway(error);
      } finally {
        clearTimeout(timer);
      }
      const guarded =
        response.body &&
        idleGuard(response.body, upstream.bodyIdleMs, onIdle('upstream-to-client'));
      return {
        response: clientResponse(response, guarded, upstream),
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

function clientResponse(
  upstream: Response,
  body: ReadableStream<Uint8Array> | null,
  request: UpstreamRequest,
): Response {
  const pairs: string[] = [];
  // Fetch decodes content codings (Fetch §4.6), so the upstream's encoding and length no longer apply.
  const decoded = upstream.headers.has('content-encoding');
  // Iteration yields each Set-Cookie on its own (Fetch §5.2 "sort and combine").
  upstream.headers.forEach((value, name) => {
    if (!decoded || (name !== 'content-encoding' && name !== 'content-length'))
      pairs.push(name, value);
  });
  return new Response(body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: headersFromPairs(
      filterResponseHeaders(pairs, request.responseHeaders, request.cookieGuard),
    ),
  });
}
