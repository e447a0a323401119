import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from '../../vectors/forwarding-headers.json' with { type: 'json' };
import { webRequestView } from '../../../src/proxy/request-view.js';
import { createFetchTransport } from '../../../src/proxy/fetch-transport.js';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';

// Issue #12 items 5 and 6: the upstream learns the client's address and scheme only from the
// connection, or from a proxy we run; never from the client.
let upstream: UpstreamServer;
const gateways: Record<string, ServedGateway> = {};

const routes = () => `
routes:
  - { name: all, match: { path: /* }, upstream: "${upstream.origin}", policy: public }
`;

beforeAll(async () => {
  upstream = await startUpstreamServer();
  gateways.node = await serveGateway(routes());
  gateways.trusted = await serveGateway(`server: { trustProxy: true }\n${routes()}`);
  // The Web-runtime path: the Web request view and the fetch transport, on the same listener.
  gateways.web = await serveGateway(routes(), {
    requestView: (request) => webRequestView(request, '127.0.0.1'),
    upstream: createFetchTransport(fetch),
  });
});

afterAll(async () => {
  for (const served of Object.values(gateways)) await served.close();
  await upstream?.close();
});

/** Every header of the vectors, dashed and with underscores, each with a marker value. */
function spoofed(): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { name } of vectors) {
    headers[name] = `spoof-${name}`;
    if (name.includes('-')) headers[name.replaceAll('-', '_')] = `spoof-underscore-${name}`;
  }
  return headers;
}

async function seenBy(served: ServedGateway, headers: Record<string, string>) {
  const client = new Client(served.url);
  try {
    const before = upstream.received.length;
    const response = await client.request({ path: '/echo', method: 'GET', headers });
    await response.body.text();
    expect(response.statusCode).toBe(200);
    return upstream.received[before]!.headers;
  } finally {
    await client.close();
  }
}

describe('client-supplied forwarding headers', () => {
  it.each(['node', 'web'])(
    'without trustProxy none reaches the upstream (%s view)',
    async (kind) => {
      const seen = await seenBy(gateways[kind]!, spoofed());
      for (const [name, value] of Object.entries(seen)) {
        expect({ name, value }).not.toMatchObject({ value: expect.stringMatching(/^spoof/) });
      }
      for (const { name } of vectors)
        expect(seen, name).not.toHaveProperty(name.replaceAll('-', '_'));
      expect(seen).toMatchObject({ 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http' });
    },
  );

  it("with trustProxy the proxy's values pass, except path and method rewrites and underscores", async () => {
    const seen = await seenBy(gateways.trusted!, spoofed());
    for (const { name, trusted } of vectors) {
      if (name === 'x-forwarded-for') expect(seen[name]).toBe(`spoof-${name}, 127.0.0.1`);
      else if (trusted === 'kept') expect(seen[name], name).toBe(`spoof-${name}`);
      else expect(seen, name).not.toHaveProperty(name);
      if (name.includes('-')) expect(seen, name).not.toHaveProperty(name.replaceAll('-', '_'));
    }
  });

  it.each(['node', 'web'])(
    'X-Forwarded-Proto comes from the connection, not an absolute-form target (%s view)',
    async (kind) => {
      const { port } = new URL(gateways[kind]!.url);
      const socket = connect(Number(port), '127.0.0.1');
      let answer = '';
      socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
      const before = upstream.received.length;
      socket.write('GET https://any/x HTTP/1.1\r\nHost: any\r\nConnection: close\r\n\r\n');
      for (let i = 0; i < 200 && !answer.includes('\r\n\r\n'); i++) await sleep(10);
      socket.destroy();
      expect(answer).toMatch(/^HTTP\/1.1 200/);
      const seen = upstream.received[before]!;
      expect(seen.url).toBe('/x');
      expect(seen.headers['x-forwarded-proto']).toBe('http');
    },
  );
});
