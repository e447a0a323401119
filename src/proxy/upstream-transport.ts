import type { Logger } from '../observability/logger.js';
import type { RequestView } from './request-view.js';

/** One request to send upstream, already authorised and with its headers rewritten. */
export interface UpstreamRequest {
  /** The route's name, for logs. */
  route: string;
  /** `http://host:port` of the route's upstream. */
  origin: string;
  /** Path and query to request upstream (normalised, prefix stripped). */
  path: string;
  method: string;
  /** Request headers to send, lower-case names, already scrubbed (see build-upstream-headers). */
  headers: Record<string, string>;
  /** Headers the gateway adds to the client response (e.g. X-Request-Id). */
  responseHeaders: Record<string, string>;
  /** Time allowed until upstream response headers arrive. */
  timeoutMs: number;
  /** Largest request body forwarded; 413 past it. Undefined: unlimited. */
  bodyLimit: number | undefined;
  /** Set-Cookie headers the response must not carry (the gateway's own cookies). */
  cookieGuard?: CookieGuard;
  /**
   * Longest wait for the next byte of a body in flight (`server.timeouts.bodyIdle`): of the
   * client's request body while it is forwarded, and of the upstream's response body while it
   * streams to the client. Past it the exchange is aborted (see UpstreamTransport).
   */
  bodyIdleMs: number;
}

/** Which upstream Set-Cookie headers are dropped (header-pairs), and who hears of it. */
export interface CookieGuard {
  /** Lower-case cookie names the gateway owns. */
  names: ReadonlySet<string>;
  /** Called once per dropped Set-Cookie. */
  dropped(): void;
}

/** Which body went quiet: the client's request body or the upstream's response body. */
export type BodyDirection = 'client-to-upstream' | 'upstream-to-client';

/** The one log line of an exchange aborted for an idle body. */
export function logBodyIdle(
  logger: Logger,
  request: UpstreamRequest,
  direction: BodyDirection,
): void {
  logger.warn(
    {
      requestId: request.responseHeaders['x-request-id'],
      route: request.route,
      direction,
      idleMs: request.bodyIdleMs,
    },
    'proxied body idle: exchange aborted',
  );
}

/** Status recorded when the client left before the upstream answered (nginx's convention). */
export const CLIENT_CLOSED = 499;

/**
 * What a transport made of one exchange. `response` is what the handler hands back to the
 * runtime: the response to send (Web transports), or the runtime's "already sent" marker when
 * the transport wrote the response itself (the Node transport). `status` is the status the
 * client got, or 499 when it left first, for logs and metrics.
 */
export interface UpstreamResult {
  response: Response;
  status: number;
}

/**
 * The proxy's port to the network: sends one request upstream, streaming the client's body
 * (`client.body`, or the runtime's own stream found in `client.native`) and the response back.
 * Throws GatewayError 502 (refused/reset), 504 (no response headers in time), 413 (body over
 * the limit) or 408 with Connection: close (no byte of the request body for `bodyIdleMs`) while
 * nothing has been sent to the client yet; a response body that goes quiet for `bodyIdleMs`
 * aborts the upstream request and ends the client's response in error (its socket destroyed);
 * either idle abort is logged once (logBodyIdle); hop-by-hop and Connection-named
 * response headers are dropped and `responseHeaders` set. Implementations: the Node transport
 * (adapters/node/undici-transport) and the Web-fetch transport (proxy/fetch-transport), held
 * equal by test/contract/transport.
 */
export interface UpstreamTransport {
  forward(request: UpstreamRequest, client: RequestView): Promise<UpstreamResult>;
  close(): Promise<void>;
}
