import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the servlet-like upstream made of one request. */
export interface ServletRequest {
  /** The request target as received. */
  url: string;
  /** The path it served: each segment's `;…` removed, then decoded and dot segments resolved. */
  servletPath: string;
}

export interface ServletUpstream {
  origin: string;
  received: ServletRequest[];
  close(): Promise<void>;
}

/**
 * A Node upstream that maps requests the way servlet containers do (Tomcat's CoyoteAdapter,
 * Jetty's URIUtil): it removes the path parameter of every segment (`/a;x/b` → `/a/b`, also
 * `..;x` → `..`), percent-decodes, then resolves dot segments, and answers with the path it
 * served. `/docs/private/...` answers "private document".
 */
export async function startServletUpstream(): Promise<ServletUpstream> {
  const received: ServletRequest[] = [];
  const server = createServer((req, res) => {
    const url = req.url!;
    const servletPath = servletPathOf(url);
    received.push({ url, servletPath });
    const body = servletPath.startsWith('/docs/private/') ? 'private document' : 'public page';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ servletPath, body }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function servletPathOf(url: string): string {
  const raw = url.split('?')[0]!;
  const stack: string[] = [];
  for (const part of raw.split('/').slice(1)) {
    const segment = decodeURIComponent(part.split(';')[0]!);
    if (segment === '..') stack.pop();
    else if (segment !== '.' && segment !== '') stack.push(segment);
  }
  return `/${stack.join('/')}`;
}
