import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { type RequestView, webRequestView } from '../../../proxy/request-view.js';

/** What @hono/node-server passes as bindings (`c.env`): Node's request and response. */
export interface NodeExchange {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
}

/** Whether a view's `native` slot (or a bindings object) holds a Node exchange. */
export function isNodeExchange(value: unknown): value is NodeExchange {
  const node = value as Partial<NodeExchange> | undefined;
  return (
    typeof node?.incoming?.rawHeaders === 'object' && typeof node.outgoing?.writeHead === 'function'
  );
}

/**
 * The Node view of a request: `incoming.url` and `incoming.rawHeaders` read as they are (no
 * Headers object is materialised), the socket's peer address and TLS-ness; the Web body and
 * signal only when read. Bindings that are not Node's fall back to the Web view.
 */
export function nodeRequestView(request: Request, bindings: unknown): RequestView {
  if (!isNodeExchange(bindings)) return webRequestView(request);
  return new NodeRequestView(request, bindings);
}

/** A class, so the lazy getters live on the prototype and a view is one small allocation. */
class NodeRequestView implements RequestView {
  readonly method: string;
  readonly target: string;
  readonly headerPairs: readonly string[];
  readonly peerAddress: string | undefined;
  readonly scheme: 'http' | 'https';

  constructor(
    private readonly request: Request,
    readonly native: NodeExchange,
  ) {
    const { incoming } = native;
    this.method = request.method;
    this.target = incoming.url ?? '/';
    this.headerPairs = incoming.rawHeaders;
    this.peerAddress = incoming.socket?.remoteAddress;
    this.scheme = (incoming.socket as TLSSocket | undefined)?.encrypted ? 'https' : 'http';
  }

  get body(): ReadableStream<Uint8Array> | null {
    const { headers } = this.native.incoming;
    // RFC 9112 §6.3: a request with neither Content-Length nor Transfer-Encoding has no content
    // (the Web request would still offer an empty stream).
    if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) {
      return null;
    }
    return this.request.body;
  }

  get signal(): AbortSignal {
    return this.request.signal;
  }
}
