import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRequestView } from '../../../../../src/adapters/node/http/node-request-view.js';
import type { RequestView } from '../../../../../src/proxy/request-view.js';

let server: ReturnType<typeof serve>;
let origin: string;
let seen: { view: RequestView; body: string | null } | undefined;

beforeAll(async () => {
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve(
      {
        hostname: '127.0.0.1',
        port: 0,
        fetch: async (request, bindings) => {
          const view = nodeRequestView(request, bindings);
          seen = { view, body: view.body === null ? null : await new Response(view.body).text() };
          return new Response('ok');
        },
      },
      resolve,
    );
  });
  origin = `http://127.0.0.1:${address.port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends the target and headers exactly as given (no URL normalisation, no default headers). */
function send(method: string, path: string, headers: string[], body?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    const request = httpRequest({ hostname, port, method, path, headers }, (response) =>
      response
        .resume()
        .on('end', () =>
          response.statusCode === 200 ? resolve() : reject(new Error(String(response.statusCode))),
        ),
    ).on('error', reject);
    request.end(body);
  });
}

describe('nodeRequestView', () => {
  it('reads the raw target, the raw header pairs, the peer and the scheme', async () => {
    await send('GET', '/a/./%2e%2e//b?x=1', ['X-One', '1', 'x-one', '2', 'Host', 'gw.test']);
    expect(seen!.view).toMatchObject({
      method: 'GET',
      target: '/a/./%2e%2e//b?x=1',
      peerAddress: '127.0.0.1',
      scheme: 'http',
    });
    expect(seen!.view.headerPairs).toEqual(
      expect.arrayContaining(['X-One', '1', 'x-one', '2', 'Host', 'gw.test']),
    );
    expect(seen!.body).toBeNull();
  });

  it('offers the body of a request with Content-Length or Transfer-Encoding', async () => {
    await send('POST', '/up', ['Host', 'gw.test', 'Content-Length', '5'], 'hello');
    expect(seen!.body).toBe('hello');
    await send('POST', '/up', ['Host', 'gw.test', 'Transfer-Encoding', 'chunked'], 'chunks');
    expect(seen!.body).toBe('chunks');
  });

  it('has no body when the request has neither (RFC 9112 §6.3)', async () => {
    // Raw bytes: node:http would add Content-Length: 0 to a POST.
    const { hostname, port } = new URL(origin);
    const socket = connect(Number(port), hostname);
    socket.end('POST /up HTTP/1.1\r\nHost: gw.test\r\nConnection: close\r\n\r\n');
    await once(socket.resume(), 'close');
    expect(seen!.view.target).toBe('/up');
    expect(seen!.body).toBeNull();
  });

  it('falls back to the Web view without Node bindings (no socket: scheme http)', () => {
    const view = nodeRequestView(new Request('https://gw.test/x?y'), undefined);
    expect(view).toMatchObject({ target: '/x?y', scheme: 'http', native: undefined });
  });
});
