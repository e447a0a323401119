/**
 * The client's request as the runtime received it: what the proxy, forward-auth and the login
 * rate limit read instead of the runtime's bindings. Built once per request by the runtime's
 * `requestView` (deps), cached on the Hono context; carries no Node or framework types.
 */
export interface RequestView {
  readonly method: string;
  /**
   * The request target (path and query) exactly as the client sent it, before any URL
   * normalisation: the path rules must see `..`, `%2e` and `//` as they were sent.
   */
  readonly target: string;
  /** The request headers as flat name/value pairs in the client's order; repeats kept. */
  readonly headerPairs: readonly string[];
  /** The TCP peer's address; undefined when the runtime does not say. */
  readonly peerAddress: string | undefined;
  /** Scheme of the client's connection to the gateway. */
  readonly scheme: 'http' | 'https';
  /** The request body, or null when the request has none; read lazily (only transports read it). */
  readonly body: ReadableStream<Uint8Array> | null;
  /** Aborts once the client has gone away; read lazily (only the Web transport needs it). */
  readonly signal: AbortSignal;
  /**
   * The runtime's own exchange, opaque to the core and read only by that runtime's transport
   * (Node: `{ incoming, outgoing }`, whose socket a WebSocket upgrade takes over); else undefined.
   */
  readonly native: unknown;
}

/** Builds the view of one request from the Web Request and the runtime bindings (Hono's `c.env`). */
export type RequestViewSource = (request: Request, bindings: unknown) => RequestView;

/**
 * The view any Web-standard runtime can build from the Request alone: the target from the URL
 * (already resolved by the URL parser), the headers as the Headers object lists them, and the
 * peer address and connection scheme as the runtime gives them. Never the URL's scheme: for an
 * absolute-form target (`GET https://any/x`, RFC 9112 §3.2.2) the client wrote it.
 */
export function webRequestView(
  request: Request,
  peerAddress?: string,
  scheme: 'http' | 'https' = 'http',
): RequestView {
  const { url } = request;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const headerPairs: string[] = [];
  request.headers.forEach((value, name) => {
    headerPairs.push(name, value);
  });
  return {
    method: request.method,
    target: start < 0 ? '/' : url.slice(start),
    headerPairs,
    peerAddress,
    scheme,
    get body() {
      return request.body;
    },
    get signal() {
      return request.signal;
    },
    native: undefined,
  };
}
