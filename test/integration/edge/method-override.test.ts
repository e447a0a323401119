import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from '../../vectors/method-override-headers.json' with { type: 'json' };
import { methodOverrideHeaders } from '../../../src/proxy/method-override-headers.js';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';

// Issue #12 item 4: method-override headers never reach an upstream that would honour them.
let app: Server;
let served: ServedGateway;
let client: Client;

beforeAll(async () => {
  // Like Express's method-override: a POST runs the method any listed override header names.
  app = createServer((req, res) => {
    let method = req.method!;
    if (method === 'POST') {
      for (const name of Object.keys(req.headers)) {
        const dashed = name.replaceAll('_', '-');
        if (methodOverrideHeaders.has(dashed)) method = String(req.headers[name]).toUpperCase();
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ran: method, headers: Object.keys(req.headers) }));
  }).listen(0, '127.0.0.1');
  await once(app, 'listening');
  const origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  served = await serveGateway(`
routes:
  - { name: api, match: { path: /api/*, methods: [GET, POST] }, upstream: "${origin}", policy: public }
`);
  client = new Client(served.url);
});

afterAll(async () => {
  await client?.close();
  await served?.close();
  app?.closeAllConnections();
  app?.close();
});

describe('method-override headers', () => {
  it('the code strips exactly the headers of the vectors file', () => {
    expect([...methodOverrideHeaders]).toEqual(vectors.map((v) => v.name));
    for (const vector of vectors) expect(vector.source).toMatch(/\S/);
  });

  it.each(vectors.flatMap((v) => [v.name, v.name.replaceAll('-', '_')]))(
    'POST + %s: DELETE still runs POST upstream',
    async (name) => {
      const response = await client.request({
        path: '/api/items/1',
        method: 'POST',
        headers: { [name]: 'DELETE' },
        body: '{}',
      });
      expect(response.statusCode).toBe(200);
      const seen = (await response.body.json()) as { ran: string; headers: string[] };
      expect(seen.ran).toBe('POST');
      expect(seen.headers).not.toContain(name);
    },
  );
});
