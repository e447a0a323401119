import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Pool, type Dispatcher } from 'undici';
import {
  badGateway,
  gatewayTimeout,
  payloadTooLarge,
  requestBodyIdle,
} from '../../../errors/errors.js';
import { GatewayError } from '../../../errors/gateway-error.js';
import { logSafeError } from '../../../observability/log-safe-error.js';
import type { Logger } from '../../../observability/logger.js';
import {
  filterResponseHeaders,
  headersFromPairs,
  recordToPairs,
} from '../../../proxy/header-pairs.js';
import {
  CLIENT_CLOSED,
  logBodyIdle,
  type UpstreamRequest,
  type UpstreamResult,
  type UpstreamTransport,
} from '../../../proxy/upstream-transport.js';
import { isNodeExchange } from './node-request-view.js';

export interface UndiciTransportOptions {
  /** Receives failures that happen after the response has started (the client then sees a reset). */
  logger: Logger;
  /** Keep-alive connections per upstream origin. */
  connections?: number;
  keepAliveTimeoutMs?: number;
}

const kExchange = Symbol('gatehouse.upstreamExchange');
type Outgoing = ServerResponse & { [kExchange]?: Exchange | undefined };

/**
 * The Node UpstreamTransport: one undici Pool per origin, the client's request body (Node's
 * `incoming`, from the view's Node exchange) piped upstream and the upstream response written
 * into Node's `outgoing` with no Web streams in between; it then answers RESPONSE_ALREADY_SENT.
 */
export function createUndiciTransport(options: UndiciTransportOptions): UpstreamTransport {
  const pools = new Map<string, Pool>();
  const poolOptions: Pool.Options = {
    connections: options.connections ?? 128,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
  };
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (!pool) pools.set(origin, (pool = new Pool(origin, poolOptions)));
    return pool;
  };
  return {
    async forward(request, client) {
      const { incoming, outgoing } = nodeExchange(client.native);
      const body = requestBody(request, incoming);
      return new Promise<UpstreamResult>((resolve, reject) => {
        const exchange = new Exchange(outgoing, request, body, options.logger, resolve, reject);
        const dispatch: Dispatcher.DispatchOptions = {
          path: request.path,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.headers,
          body,
          headersTimeout: request.timeoutMs,
          // undici's pause between two chunks of the response body (not counted while paused
          // for a slow client): the upstream-to-client idle timeout.
          bodyTimeout: request.bodyIdleMs,
        };
        poolFor(request.origin).dispatch(dispatch, exchange);
      });
    },
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => pool.close()));
    },
  };
}

/** One request in flight: writes the upstream response straight into Node's ServerResponse. */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private status = 0;
  /** Headers of a HEAD response, answered as a plain Response (see onResponseStart). */
  private headOnly: string[] | null = null;
  private clientClosed = false;
  private settled = false;
  /** The first body chunk, held back so a one-chunk response goes out with its headers in one write. */
  private pending: Buffer | null = null;

  constructor(
    readonly outgoing: Outgoing,
    private readonly request: UpstreamRequest,
    private readonly body: ClientBody | null,
    private readonly logger: Logger,
    private readonly resolve: (result: UpstreamResult) => void,
    private readonly reject: (error: GatewayError) => void,
  ) {
    // Listeners are shared functions that find the exchange on `outgoing`: no per-request closures.
    outgoing[kExchange] = this;
    outgoing.on('close', onOutgoingClose);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.clientClosed) controller.abort(new Error('client closed the connection'));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    if (statusCode < 200) return; // 1xx: Node's server answers `Expect` itself
    this.status = statusCode;
    const { responseHeaders, cookieGuard } = this.request;
    const pairs = filterResponseHeaders(recordToPairs(headers), responseHeaders, cookieGuard);
    // Hono re-wraps HEAD responses, and @hono/node-server then writes the wrapper even when it is
    // RESPONSE_ALREADY_SENT; with no body to stream, a plain Response is the safe answer.
    if (this.request.method === 'HEAD') this.headOnly = pairs;
    else {
      this.outgoing.writeHead(statusCode, pairs);
      this.outgoing.on('drain', onOutgoingDrain);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.outgoing.headersSent && this.pending === null) {
      // undici parses a whole socket read synchronously: if the end is in it, onResponseEnd comes
      // before this tick is over; otherwise the chunk is flushed on the next tick.
      this.pending = chunk;
      process.nextTick(flushPending, this);
      return;
    }
    this.flush();
    if (!this.outgoing.write(chunk)) controller.pause();
  }

  flush(): void {
    const chunk = this.pending;
    if (chunk === null) return;
    this.pending = null;
    if (!this.outgoing.write(chunk)) this.controller?.pause();
  }

  onResponseEnd(): void {
    this.settle();
    if (this.headOnly) {
      const headers = headersFromPairs(this.headOnly);
      return this.finish(new Response(null, { status: this.status, headers }), this.status);
    }
    const chunk = this.pending;
    this.pending = null;
    if (chunk === null) this.outgoing.end();
    else this.outgoing.end(chunk);
    this.finish(RESPONSE_ALREADY_SENT, this.status);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    this.settle();
    if (this.clientClosed) return this.finish(RESPONSE_ALREADY_SENT, this.status || CLIENT_CLOSED);
    const idle = this.body?.idle
      ? 'client-to-upstream'
      : (error as { code?: unknown }).code === 'UND_ERR_BODY_TIMEOUT'
        ? 'upstream-to-client'
        : undefined;
    if (idle) logBodyIdle(this.logger, this.request, idle);
    if (!this.outgoing.headersSent) {
      if (!idle && error instanceof GatewayError && error.code === 'payload-too-large') {
        return drainThenReject(this.outgoing.req, this.request.bodyLimit!, this.reject);
      }
      return this.reject(idle ? requestBodyIdle(this.request.bodyIdleMs) : upstreamError(error));
    }
    // Too late for a problem response: cut the client off so it cannot take a truncated body as whole.
    this.outgoing.destroy();
    if (!idle) {
      const { origin, responseHeaders } = this.request;
      this.logger.warn(
        { requestId: responseHeaders['x-request-id'], upstream: origin, err: logSafeError(error) },
        'upstream failed after the response started',
      );
    }
    this.finish(RESPONSE_ALREADY_SENT, this.status);
  }

  clientGone(): void {
    if (this.outgoing.writableFinished) return;
    this.clientClosed = true;
    this.controller?.abort(new Error('client closed the connection'));
  }

  drained(): void {
    this.controller?.resume();
  }

  private finish(response: Response, status: number): void {
    this.resolve({ response, status });
  }

  private settle(): void {
    this.settled = true;
    this.body?.stopWatching();
    this.outgoing.off('close', onOutgoingClose).off('drain', onOutgoingDrain);
    this.outgoing[kExchange] = undefined;
  }
}

function flushPending(exchange: Exchange): void {
  if (!exchange.outgoing.destroyed) exchange.flush();
}

function onOutgoingClose(this: Outgoing): void {
  this[kExchange]?.clientGone();
}

function onOutgoingDrain(this: Outgoing): void {
  this[kExchange]?.drained();
}

/** Most of a refused chunked body read and discarded to keep the connection (nginx discards too). */
const DRAIN_BYTES = 1024 * 1024;
const DRAIN_MS = 1_000;

/**
 * After a chunked body passed the route's limit: reads and discards the rest of it, at most
 * DRAIN_BYTES within DRAIN_MS, so the connection can carry the client's next request; then the
 * 413. A body that goes on past that gets its 413 with `Connection: close` and the socket is
 * closed after it (still reading, so the close is not a reset that could lose the answer).
 */
function drainThenReject(
  incoming: IncomingMessage,
  limit: number,
  reject: (error: GatewayError) => void,
): void {
  let seen = 0;
  let done = false;
  const finish = (drained: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    incoming.off('data', onData).off('end', onEnd).off('error', onEnd);
    if (!drained) incoming.on('data', discard); // keep reading until the socket closes
    reject(payloadTooLarge(limit, !drained));
  };
  const onData = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_BYTES) finish(false);
  };
  const onEnd = () => finish(incoming.complete);
  const timer = setTimeout(() => finish(false), DRAIN_MS);
  incoming.unpipe();
  if (incoming.complete) return finish(true);
  incoming.on('data', onData).once('end', onEnd).once('error', onEnd);
  incoming.resume();
}

function discard(): void {}

/**
 * The client's request body on its way upstream: fails with 413 once a body without
 * Content-Length passes the limit, and with 408 (`idle`) when no byte arrives for `idleMs` while
 * the upstream is ready for more (bytes that arrived but wait for the upstream do not count).
 */
class ClientBody extends Transform {
  private seen = 0;
  private readonly timer: NodeJS.Timeout;
  /** True once the body was aborted for being idle. */
  idle = false;

  constructor(
    private readonly incoming: IncomingMessage,
    private readonly limit: number | undefined,
    private readonly idleMs: number,
  ) {
    super();
    this.timer = setTimeout(onClientBodyIdle, idleMs, this);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.timer.refresh();
    this.seen += chunk.length;
    if (this.limit !== undefined && this.seen > this.limit) callback(payloadTooLarge(this.limit));
    else callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.stopWatching();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stopWatching();
    callback(error);
  }

  stopWatching(): void {
    clearTimeout(this.timer);
  }

  timedOut(): void {
    const waiting = this.incoming.readableLength + this.writableLength + this.readableLength;
    if (waiting > 0) return void this.timer.refresh(); // the upstream is slow, not the client
    this.idle = true;
    this.destroy(requestBodyIdle(this.idleMs));
  }
}

function onClientBodyIdle(body: ClientBody): void {
  body.timedOut();
}

/** The body to send upstream, or null; throws 413 up front when Content-Length is over the limit. */
function requestBody(request: UpstreamRequest, incoming: IncomingMessage): ClientBody | null {
  const { headers, bodyLimit } = request;
  if (request.method === 'GET' || request.method === 'HEAD') {
    delete headers['content-length'];
    return null;
  }
  const declared = headers['content-length'];
  // RFC 9112 §6.3: a request with neither Content-Length nor Transfer-Encoding has no content.
  if (declared === undefined && incoming.headers['transfer-encoding'] === undefined) return null;
  if (bodyLimit !== undefined && declared !== undefined && Number(declared) > bodyLimit) {
    throw payloadTooLarge(bodyLimit);
  }
  // Content-Length already bounds a declared body; only a chunked one is counted.
  const limit = declared === undefined ? bodyLimit : undefined;
  // pipe, not pipeline: on 413 or 408 the client's socket must stay open to receive the response.
  return incoming.pipe(new ClientBody(incoming, limit, request.bodyIdleMs));
}

function nodeExchange(native: unknown): { incoming: IncomingMessage; outgoing: Outgoing } {
  if (!isNodeExchange(native)) {
    throw new Error(
      'createUndiciTransport needs the Node request view (nodeRequestView under @hono/node-server); ' +
        'use createFetchTransport on other runtimes',
    );
  }
  return native;
}

function upstreamError(error: Error): GatewayError {
  if (error instanceof GatewayError) return error;
  const code = (error as { code?: unknown }).code;
  const timedOut = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
  return timedOut ? gatewayTimeout(error) : badGateway(error);
}
