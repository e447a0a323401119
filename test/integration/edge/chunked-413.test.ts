import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';

// Issue #12 item 11: a 413 on a chunked upload does not break the next request on the socket.
let upstream: UpstreamServer;
let served: ServedGateway;

beforeAll(async () => {
  upstream = await startUpstreamServer();
  served = await serveGateway(`
routes:
  - { name: limited, match: { path: /upload }, upstream: "${upstream.origin}", policy: public, bodyLimit: 1kb }
  - { name: echo, match: { path: /echo }, upstream: "${upstream.origin}", policy: public }
`);
});

afterAll(async () => {
  await served?.close();
  await upstream?.close();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  socket: Socket;
  reused: boolean;
}

/** One request through a keep-alive Agent (node:http, one socket), the body written chunked. */
function send(agent: Agent, method: string, path: string, chunks: Buffer[] = []): Promise<Answer> {
  const { hostname, port } = new URL(served.url);
  return new Promise((resolve, reject) => {
    const req = request({ agent, hostname, port, method, path }, (res) => {
      res.resume().on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          socket: req.socket!,
          reused: req.reusedSocket,
        }),
      );
    });
    // A write racing the server's close after an announced `Connection: close` is no failure.
    req.on('error', (error) => (req.writableEnded ? undefined : reject(error)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('chunked upload over the route bodyLimit', () => {
  it('answers 413 and the next request on the same socket works, 20 times out of 20', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = Array.from({ length: 128 }, () => Buffer.alloc(4096, 0x61)); // 512 KiB, chunked
      let previous: Socket | undefined;
      for (let round = 0; round < 20; round++) {
        const refused = await send(agent, 'POST', '/upload', body);
        expect(refused.status).toBe(413);
        expect(refused.headers.connection).toBe('keep-alive');
        const next = await send(agent, 'GET', '/echo');
        expect({ round, status: next.status, reused: next.reused }).toEqual({
          round,
          status: 200,
          reused: true,
        });
        expect(next.socket).toBe(refused.socket);
        if (previous) expect(refused.socket).toBe(previous);
        previous = next.socket;
      }
    } finally {
      agent.destroy();
    }
  });

  it('announces Connection: close when the rest is too long to drain, and closes cleanly', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = Array.from({ length: 64 }, () => Buffer.alloc(64 * 1024, 0x61)); // 4 MiB
      for (let round = 0; round < 5; round++) {
        const refused = await send(agent, 'POST', '/upload', body);
        expect(refused.status).toBe(413);
        expect(refused.headers.connection).toBe('close');
        const next = await send(agent, 'GET', '/echo');
        expect(next.status).toBe(200);
        expect(next.socket).not.toBe(refused.socket);
      }
    } finally {
      agent.destroy();
    }
  });
});
