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
}

/** What the client sent, as the runtime exposes it. */
export interface IncomingBody {
  /** The Web request (its body is read only by clients that cannot stream natively). */
  request: Request;
  /** Runtime bindings (Hono's `c.env`): the Node adapter finds `incoming`/`outgoing` here. */
  bindings: unknown;
}

/** The response to hand back, and the status the client got (for logs and metrics). */
export interface UpstreamResult {
  response: Response;
  status: number;
}

/**
 * Sends requests upstream over pooled keep-alive connections and streams bodies both ways.
 * Throws GatewayError 502 (refused/reset), 504 (timeout) or 413 (body over limit) when nothing
 * has been sent to the client yet.
 */
export interface UpstreamClient {
  forward(request: UpstreamRequest, body: IncomingBody): Promise<UpstreamResult>;
  close(): Promise<void>;
}
