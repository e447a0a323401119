import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from '../../vectors/method-override-headers.json' with { type: 'json' };
import { methodOverrideHeaders } from '../../../src/proxy/method-override-headers.js';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { signToken } from '../../helpers/test-gateway.js';

// Issue #12 item 4: method-override headers never reach an upstream that would honour them,
// unless the route opts in (`methodOverride: true`); then the overridden method must reach that
// same route, so its methods and scopes are the ones that apply.
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
  // trustProxy, so /auth/verify decides on the forwarded request.
  served = await serveGateway(`
server: { trustProxy: true }
routes:
  - { name: api, match: { path: /api/*, methods: [GET, POST] }, upstream: "${origin}", policy: public }
  - { name: items, match: { path: /items/*, methods: [GET, POST, DELETE] }, upstream: "${origin}", policy: public, methodOverride: true }
  - { name: notes, match: { path: /notes/*, methods: [GET, POST] }, upstream: "${origin}", policy: public, methodOverride: true }
  - { name: docs-write, match: { path: /docs/*, methods: [PUT, DELETE] }, upstream: "${origin}", policy: token, scopes: [write:docs] }
  - { name: docs-read, match: { path: /docs/*, methods: [GET, POST] }, upstream: "${origin}", policy: token, scopes: [read:docs], methodOverride: true }
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

describe('a route with methodOverride: true', () => {
  const post = (path: string, headers: Record<string, string>) =>
    client.request({ path, method: 'POST', headers, body: '{}' });
  const reader = () =>
    signToken(served.gateway, { sub: 'rita', sid: 'sid-r', scope: ['read:docs'] });

  it('forwards the override header when the overridden method reaches the same route', async () => {
    const response = await post('/items/1', { 'x-http-method-override': 'delete' });
    expect(response.statusCode).toBe(200);
    const seen = (await response.body.json()) as { ran: string; headers: string[] };
    expect(seen.ran).toBe('DELETE');
    expect(seen.headers).toContain('x-http-method-override');
  });

  it('refuses (400, the header named) a method the route does not allow, before the upstream', async () => {
    const response = await post('/notes/1', { 'x-http-method-override': 'DELETE' });
    expect(response.statusCode).toBe(400);
    expect(await response.body.json()).toMatchObject({
      field: 'x-http-method-override',
      detail: 'overriding POST with DELETE is not allowed on this route',
    });
  });

  it('refuses an override that another route (with other scopes) would handle', async () => {
    const authorization = `Bearer ${await reader()}`;
    // Sent as itself, DELETE needs write:docs, which this token lacks...
    const direct = await client.request({
      path: '/docs/1',
      method: 'DELETE',
      headers: { authorization },
    });
    expect(direct.statusCode).toBe(403);
    await direct.body.dump();
    // ...so POST with the override may not reach the upstream through docs-read either.
    const response = await post('/docs/1', { authorization, 'x-http-method-override': 'DELETE' });
    expect(response.statusCode).toBe(400);
    await response.body.dump();
    const allowed = await post('/docs/1', { authorization, 'x-http-method-override': 'GET' });
    expect(allowed.statusCode).toBe(200);
    expect(((await allowed.body.json()) as { ran: string }).ran).toBe('GET');
  });

  it.each([
    ['a value that is not a method', { 'x-http-method-override': 'DELETE /admin' }],
    ['headers that disagree', { 'x-http-method-override': 'GET', 'x-method-override': 'DELETE' }],
  ])('refuses %s with 400', async (_, headers) => {
    const response = await post('/items/1', headers);
    expect(response.statusCode).toBe(400);
    expect(((await response.body.json()) as { field: string }).field).toBe(
      'x-http-method-override',
    );
  });

  it('still drops the underscore spellings', async () => {
    const response = await post('/items/1', { x_http_method_override: 'DELETE' });
    expect(response.statusCode).toBe(200);
    expect(((await response.body.json()) as { ran: string }).ran).toBe('POST');
  });

  it('forward-auth refuses (403) override headers on a route without the option, and checks them on one with it', async () => {
    const verify = (uri: string, override: string) =>
      served.gateway.app.request('/auth/verify', {
        headers: {
          'x-forwarded-method': 'POST',
          'x-forwarded-uri': uri,
          'x-http-method-override': override,
        },
      });
    const refused = await verify('/api/x', 'DELETE');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      detail: 'method-override headers are not allowed on this route',
    });
    expect((await verify('/items/1', 'DELETE')).status).toBe(200);
    expect((await verify('/notes/1', 'DELETE')).status).toBe(403);
  });
});
