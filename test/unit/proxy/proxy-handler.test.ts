import { beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/observability/logger.js';
import { webRequestView, type RequestView } from '../../../src/proxy/request-view.js';
import type { UpstreamRequest } from '../../../src/proxy/upstream-transport.js';
import { createFetchTransport } from '../../../src/proxy/fetch-transport.js';
import { createAccessTokenSigner } from '../../../src/tokens/sign-access-token.js';
import { signToken, testGateway, type TestGateway } from '../../helpers/test-gateway.js';

const CONFIG = `
routes:
  - { name: open, match: { path: /public/* }, upstream: "http://upstream.test/base", policy: public }
  - { name: api, match: { path: /api/* }, upstream: "http://upstream.test", policy: token, scopes: [read] }
  - { name: admin, match: { path: /admin-api/* }, upstream: "http://upstream.test", policy: token, scopes: [admin] }
  - { name: passthrough, match: { path: /pass/* }, upstream: "http://upstream.test", policy: token, forwardToken: true }
  - { name: stripped, match: { path: /svc/* }, upstream: "http://svc.test:9000/v2", policy: public, stripPrefix: /svc }
  - { name: verify-only, match: { path: /internal/* }, policy: public }
  - { name: slow, match: { path: /slow/* }, upstream: "http://upstream.test", policy: public, timeout: 20ms }
  - { name: small, match: { path: /small/* }, upstream: "http://upstream.test", policy: public, bodyLimit: 16b }
`;

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

let seen: Seen[];
let respond: (request: Request) => Response | Promise<Response>;
let logs: object[];

const fakeFetch = (async (input: string, init?: RequestInit) => {
  const request = new Request(input, init);
  seen.push({
    url: request.url,
    method: request.method,
    headers: Object.fromEntries(request.headers),
    body: request.body ? await request.clone().text() : '',
  });
  return respond(request);
}) as typeof fetch;

const capture: Logger = {
  debug: () => {},
  info: (fields) => logs.push(fields),
  warn: () => {},
  error: () => {},
  child: () => capture,
};

// The production forwarding path (proxy/forward-upstream) on the Web-fetch transport; the
// transport contract (test/contract/transport) holds it equal to the Node transport.
async function gateway(): Promise<TestGateway> {
  return testGateway(CONFIG, { upstream: createFetchTransport(fakeFetch), logger: capture });
}

const tokenFor = (gw: TestGateway, scope: string[]) =>
  signToken(gw, { sub: 'alice', sid: 'sid-1', scope });

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as { status: number; type: string; detail?: string };
}

beforeEach(() => {
  seen = [];
  logs = [];
  respond = () => new Response('upstream says hi', { headers: { 'set-cookie': 'u=1' } });
});

describe('proxy handler (in-process)', () => {
  it('forwards a public request to the upstream base path with the query', async () => {
    const gw = await gateway();
    const response = await gw.app.request('/public/a/./b?x=1&y=2', {
      headers: { 'x-request-id': 'client-id-1' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('upstream says hi');
    expect(seen[0]).toMatchObject({
      url: 'http://upstream.test/base/public/a/b?x=1&y=2',
      method: 'GET',
    });
    expect(seen[0]!.headers['x-request-id']).toBe('client-id-1');
    expect(response.headers.get('x-request-id')).toBe('client-id-1');
    expect(response.headers.get('set-cookie')).toBe('u=1');
  });

  it('strips the prefix and forwards to the upstream host', async () => {
    const gw = await gateway();
    await gw.app.request('/svc/users/7?full=1');
    expect(seen[0]!.url).toBe('http://svc.test:9000/v2/users/7?full=1');
    expect(seen[0]!.headers.host).toBe('svc.test:9000');
  });

  it('scrubs spoofed X-Auth-* on public routes and sets no identity', async () => {
    const gw = await gateway();
    await gw.app.request('/public/x', {
      headers: { 'X-Auth-Subject': 'admin', x_auth_scope: 'admin', 'X-Auth_Session': 's' },
    });
    expect(Object.keys(seen[0]!.headers).filter((k) => /^x[-_]auth/i.test(k))).toEqual([]);
  });

  it('sets identity headers on a token route and keeps the token to itself', async () => {
    const gw = await gateway();
    const token = await tokenFor(gw, ['read', 'write']);
    const response = await gw.app.request('/api/things', {
      headers: { authorization: `Bearer ${token}`, 'X-Auth-Subject': 'mallory' },
    });
    expect(response.status).toBe(200);
    expect(seen[0]!.headers).toMatchObject({
      'x-auth-subject': 'alice',
      'x-auth-session': 'sid-1',
      'x-auth-scope': 'read write',
    });
    expect(seen[0]!.headers).not.toHaveProperty('authorization');
  });

  it('forwards Authorization on forwardToken routes', async () => {
    const gw = await gateway();
    const token = await tokenFor(gw, []);
    await gw.app.request('/pass/x', { headers: { authorization: `Bearer ${token}` } });
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('answers 401 with a bare Bearer challenge when no token is sent', async () => {
    const gw = await gateway();
    const response = await gw.app.request('/api/things');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
    expect((await problem(response)).type).toBe('urn:gatehouse:problem:missing-token');
    expect(seen).toEqual([]);
  });

  it('answers 401 invalid_token for a bad token', async () => {
    const gw = await gateway();
    const response = await gw.app.request('/api/things', {
      headers: { authorization: 'Bearer not.a.jwt' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="gatehouse", error="invalid_token", error_description="/,
    );
    expect(seen).toEqual([]);
  });

  it('does not accept a token from the query string', async () => {
    const gw = await gateway();
    const token = await tokenFor(gw, ['read']);
    const response = await gw.app.request(`/api/things?access_token=${token}`);
    expect(response.status).toBe(401);
    expect(seen).toEqual([]);
  });

  it('answers 403 insufficient_scope when a scope is missing', async () => {
    const gw = await gateway();
    const token = await tokenFor(gw, ['read']);
    const response = await gw.app.request('/admin-api/x', {
      headers: { authorization: `bearer ${token}` },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(response.headers.get('www-authenticate')).toContain('scope="admin"');
    expect(seen).toEqual([]);
  });

  it.each(['/nowhere', '/internal/x'])(
    'answers 404 for %s (no route, or a forward-auth-only route)',
    async (path) => {
      const gw = await gateway();
      const response = await gw.app.request(path);
      expect(response.status).toBe(404);
      expect((await problem(response)).type).toBe('urn:gatehouse:problem:not-found');
    },
  );

  it('answers 400 for an encoded slash', async () => {
    const gw = await gateway();
    const response = await gw.app.request('/public/..%2fapi/things');
    expect(response.status).toBe(400);
    expect(seen).toEqual([]);
  });

  it('streams a request body upstream', async () => {
    const gw = await gateway();
    const response = await gw.app.request('/public/upload', { method: 'POST', body: 'hello body' });
    expect(response.status).toBe(200);
    expect(seen[0]).toMatchObject({ method: 'POST', body: 'hello body' });
  });

  it('maps upstream failures to 502 and 504', async () => {
    const gw = await gateway();
    respond = () => {
      throw new TypeError('fetch failed');
    };
    expect((await gw.app.request('/public/x')).status).toBe(502);
    respond = (request) =>
      new Promise((_, reject) =>
        request.signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const timedOut = await gw.app.request('/slow/x');
    expect(timedOut.status).toBe(504);
    expect((await problem(timedOut)).type).toBe('urn:gatehouse:problem:gateway-timeout');
  });

  it('answers 413 over the route body limit', async () => {
    const gw = await gateway();
    const response = await gw.app.request('/small/x', { method: 'POST', body: 'x'.repeat(17) });
    expect(response.status).toBe(413);
    expect(seen).toEqual([]);
  });

  it('logs the route name and upstream status', async () => {
    const gw = await gateway();
    respond = () => new Response('made', { status: 201 });
    await gw.app.request('/public/x');
    expect(logs).toContainEqual(expect.objectContaining({ route: 'open', status: 201 }));
  });
});

describe('proxy handler and its transport', () => {
  it('builds the request view once and hands the transport the request and that view', async () => {
    const views: RequestView[] = [];
    const sent: Array<{ request: UpstreamRequest; client: RequestView }> = [];
    const gw = await testGateway(CONFIG, {
      requestView: (request) => {
        const view = webRequestView(request, '192.0.2.9');
        views.push(view);
        return view;
      },
      upstream: {
        forward: async (request, client) => {
          sent.push({ request, client });
          return { response: new Response('sent', { status: 202 }), status: 202 };
        },
        close: async () => {},
      },
      logger: capture,
    });
    const response = await gw.app.request('/small/a?b=1', {
      method: 'POST',
      body: 'tiny',
      headers: { 'x-request-id': 'rid-1' },
    });
    expect(response.status).toBe(202);
    expect(views).toHaveLength(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.client).toBe(views[0]);
    expect(sent[0]!.request).toMatchObject({
      origin: 'http://upstream.test',
      path: '/small/a?b=1',
      method: 'POST',
      responseHeaders: { 'x-request-id': 'rid-1' },
      bodyLimit: 16,
    });
    expect(sent[0]!.request.headers['x-forwarded-for']).toBe('192.0.2.9');
    expect(logs).toContainEqual(expect.objectContaining({ route: 'small', status: 202 }));
  });
});
