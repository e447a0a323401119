import { Client } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import vectors from '../../vectors/path-parameters.json' with { type: 'json' };
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { startServletUpstream, type ServletUpstream } from '../../helpers/servlet-upstream.js';

// Issue #12 item 1: `;` path parameters never get past a route, on the proxy and on /auth/verify.
let servlet: ServletUpstream;
let served: ServedGateway;
let client: Client;

beforeAll(async () => {
  servlet = await startServletUpstream();
  const u = servlet.origin;
  served = await serveGateway(`
server: { trustProxy: true }
routes:
  - { name: docs-private, match: { path: /docs/private/* }, upstream: "${u}", policy: token }
  - { name: docs, match: { path: /docs/* }, upstream: "${u}", policy: public }
  - { name: app, match: { path: /app/* }, upstream: "${u}", policy: public, matrixParams: true }
  - { name: legacy, match: { path: /legacy/* }, upstream: "${u}/v2", stripPrefix: /legacy, policy: public, matrixParams: true }
`);
  client = new Client(served.url);
});

afterAll(async () => {
  await client?.close();
  await served?.close();
  await servlet?.close();
});

beforeEach(() => {
  servlet.received.length = 0;
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await client.request({ path, method: 'GET', headers });
  const text = await response.body.text();
  return { status: response.statusCode, type: response.headers['content-type'], text };
}

describe('path parameters against a servlet-like upstream', () => {
  it.each(vectors)('proxy: $title ($target)', async (vector) => {
    const response = await get(vector.target);
    expect(response.status).toBe(vector.status);
    if (vector.status === 200) {
      expect(servlet.received).toEqual([
        { url: vector.upstreamUrl, servletPath: vector.servletPath },
      ]);
      return;
    }
    expect(response.type).toBe('application/problem+json');
    expect(servlet.received).toEqual([]);
    if (vector.status === 400) {
      expect(JSON.parse(response.text)).toMatchObject({ status: 400, field: 'path' });
      expect(JSON.parse(response.text).detail).toMatch(/path parameter/);
    }
  });

  it.each(vectors)('/auth/verify: $title ($target)', async (vector) => {
    // nginx's auth_request relays only 401 and 403: a refused target is 403 there.
    const expected = vector.status === 400 ? 403 : vector.status;
    for (const response of [
      await get('/auth/verify', { 'x-forwarded-uri': vector.target, 'x-forwarded-method': 'GET' }),
      await get(`/auth/verify${vector.target}`),
    ]) {
      expect(response.status).toBe(expected);
      if (expected === 403) expect(JSON.parse(response.text).detail).toMatch(/path parameter/);
    }
    expect(servlet.received).toEqual([]);
  });
});
