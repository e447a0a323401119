import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the upstream tells the caller it received. */
export interface UpstreamView {
  sub: string | null;
  sid: string | null;
  /** X-Auth-Context decoded, or null when absent. */
  context: unknown;
}

/** A real HTTP upstream that keeps nothing (unlike the echo helper, which records every request). */
export interface SoakUpstream {
  origin: string;
  close(): Promise<void>;
}

function decodeContext(header: string | string[] | undefined): unknown {
  if (typeof header !== 'string') return null;
  return JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
}

/** Starts it on 127.0.0.1: every request gets 200 with the identity headers it came with, as JSON. */
export async function startSoakUpstream(): Promise<SoakUpstream> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const view: UpstreamView = {
        sub: (req.headers['x-auth-subject'] as string | undefined) ?? null,
        sid: (req.headers['x-auth-session'] as string | undefined) ?? null,
        context: decodeContext(req.headers['x-auth-context']),
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(view));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
