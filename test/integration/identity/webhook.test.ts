import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSource } from '../../../src/identity/webhook-source.js';
import { testGateway, verifierOf, type TestGateway } from '../../helpers/test-gateway.js';

// A real identity service on loopback speaking the webhook protocol: it checks the shared secret
// (403 when wrong), accepts carol / carol-pw, and answers 401 to anything else.
const SECRET = 'webhook-secret-for-the-tests-0123';
const seen: Array<{ path: string; status: number }> = [];

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

async function identityService(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: unknown) => {
    seen.push({ path: req.url ?? '', status });
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const body = await readBody(req);
  if (req.url === '/slow') {
    const timer = setTimeout(() => send(200, { sub: 'late' }), 2000);
    return void res.on('close', () => clearTimeout(timer));
  }
  if (req.url === '/invalid') return send(200, { scope: 'no-sub-here' });
  if (req.method !== 'POST' || req.headers['content-type'] !== 'application/json')
    return send(400, {});
  if (req.headers['x-gatehouse-secret'] !== SECRET) return send(403, { error: 'bad secret' });
  const { username, password } = JSON.parse(body) as { username: string; password: string };
  if (username !== 'carol' || password !== 'carol-pw')
    return send(401, { error: 'bad credentials' });
  send(200, {
    sub: 'user-carol',
    scope: ['read:api', 'chat'],
    claims: { tenant: 'acme', plan: 'pro' },
    context: { cart: [] },
  });
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => void identityService(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function gatewayFor(
  url: string,
  opts: { secret?: string; timeoutMs?: number } = {},
): Promise<TestGateway> {
  const source = createWebhookSource(
    { url, secret: opts.secret ?? SECRET, timeoutMs: opts.timeoutMs ?? 2000 },
    fetch,
  );
  return testGateway('', { identitySources: [source] });
}

async function login(gateway: TestGateway, username: string, password: string): Promise<Response> {
  return gateway.app.request('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('login through a webhook identity service', () => {
  it('accepts good credentials; sub, scope and claims reach the token and the session', async () => {
    const gateway = await gatewayFor(`${base}/login`);
    const response = await login(gateway, 'carol', 'carol-pw');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; scope: string };
    expect(body.scope).toBe('read:api chat');
    const claims = await verifierOf(gateway).verify(body.access_token);
    expect(claims).toMatchObject({
      sub: 'user-carol',
      scope: 'read:api chat',
      tenant: 'acme',
      plan: 'pro',
    });
    expect(
      await gateway.deps.store.sessions.getSession(claims.sid, gateway.clock.now()),
    ).toMatchObject({
      sub: 'user-carol',
    });
  });

  it('answers 401 when the service rejects the credentials', async () => {
    const gateway = await gatewayFor(`${base}/login`);
    const response = await login(gateway, 'carol', 'wrong');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      type: 'urn:gatehouse:problem:invalid-credentials',
    });
  });

  it('answers 401 when the gateway holds the wrong shared secret (the service says 403)', async () => {
    const gateway = await gatewayFor(`${base}/login`, {
      secret: 'not-the-secret-the-service-knows',
    });
    seen.length = 0;
    const response = await login(gateway, 'carol', 'carol-pw');
    expect(seen).toEqual([{ path: '/login', status: 403 }]);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      type: 'urn:gatehouse:problem:invalid-credentials',
    });
  });

  it('answers 503 with Retry-After when the service is down', async () => {
    const gateway = await gatewayFor(`http://127.0.0.1:${await closedPort()}/login`);
    const response = await login(gateway, 'carol', 'carol-pw');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({
      type: 'urn:gatehouse:problem:identity-source-unavailable',
    });
  });

  it('answers 503 when the service takes longer than the timeout', async () => {
    const gateway = await gatewayFor(`${base}/slow`, { timeoutMs: 200 });
    const started = performance.now();
    const response = await login(gateway, 'carol', 'carol-pw');
    expect(response.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('answers 503 when the service answers 200 with a body outside the protocol', async () => {
    const gateway = await gatewayFor(`${base}/invalid`);
    const response = await login(gateway, 'carol', 'carol-pw');
    expect(response.status).toBe(503);
    expect(await response.text()).not.toContain('carol-pw');
  });
});
