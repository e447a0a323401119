import type { RequestView } from './request-view.js';

/** One request to send upstream, already authorised and with its headers rewritten. */
export interface UpstreamRequest {
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
}

/** Which upstream Set-Cookie headers are dropped (header-pairs), and who hears of it. */
export interface CookieGuard {
  /** Lower-case cookie names the gateway owns. */
  names: ReadonlySet<string>;
  /** Called once per dropped Set-Cookie. */
  dropped(): void;
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
 * Throws GatewayError 502 (refused/reset), 504 (no response headers in time) or 413 (body over
 * the limit) while nothing has been sent to the client yet; hop-by-hop and Connection-named
 * response headers are dropped and `responseHeaders` set. Implementations: the Node transport
 * (adapters/node/undici-transport) and the Web-fetch transport (proxy/fetch-transport), held
 * equal by test/contract/transport.
 */
export interface UpstreamTransport {
  forward(request: UpstreamRequest, client: RequestView): Promise<UpstreamResult>;
  close(): Promise<void>;
}
