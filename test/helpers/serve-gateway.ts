import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { nodeRequestView } from '../../src/adapters/node/http/node-request-view.js';
import { createUndiciTransport } from '../../src/adapters/node/http/undici-transport.js';
import { silentLogger } from '../../src/observability/logger.js';
import { testGateway, type TestGateway } from './test-gateway.js';

/** A gateway listening for real, with the Node transport. */
export interface ServedGateway {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  gateway: TestGateway;
  close(): Promise<void>;
}

/**
 * Serves a test gateway with @hono/node-server on 127.0.0.1:0, as production does: the Node
 * request view (raw target and headers, the socket's peer) and, unless `overrides.upstream`
 * names another transport, the undici transport. The transport is closed with the server.
 */
export async function serveGateway(
  yaml: string,
  overrides: Parameters<typeof testGateway>[1] = {},
): Promise<ServedGateway> {
  const upstream =
    overrides.upstream ?? createUndiciTransport({ logger: silentLogger, connections: 16 });
  const gateway = await testGateway(yaml, {
    requestView: nodeRequestView,
    ...overrides,
    upstream,
  });
  let server!: ReturnType<typeof serve>;
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: gateway.app.fetch, hostname: '127.0.0.1', port: 0 }, resolve);
  });
  return {
    url: `http://127.0.0.1:${address.port}`,
    gateway,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await upstream.close();
      await gateway.close();
    },
  };
}
