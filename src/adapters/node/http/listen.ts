import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatehouseConfig } from '../../../config/schema.js';

export interface Listener {
  server: Server;
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes what is left. */
  close(graceMs: number): Promise<void>;
}

/** Serves a fetch handler on Node's HTTP server with the configured host, port and timeouts. */
export function listen(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  server: GatehouseConfig['server'],
  port = server.port,
): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const node = serve({
      fetch,
      hostname: server.host,
      port,
      serverOptions: {
        keepAliveTimeout: server.timeouts.keepAlive,
        headersTimeout: server.timeouts.headers,
        requestTimeout: 0, // bodies may stream for long; upstream timeouts bound the wait instead
      },
    }) as Server;
    node.once('error', reject);
    node.once('listening', () => {
      node.off('error', reject);
      resolve({
        server: node,
        port: (node.address() as AddressInfo).port,
        close: (graceMs) => drain(node, graceMs),
      });
    });
  });
}

function drain(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    // Keep-alive sockets would hold close() open until their idle timeout: close each one as soon
    // as its in-flight response is done.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
