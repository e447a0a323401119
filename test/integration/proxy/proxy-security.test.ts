import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { attackVectors, buildAttackTokens } from '../../helpers/attack-tokens.js';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { signToken, testSigningKey } from '../../helpers/test-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';

let upstream: UpstreamServer;
let served: ServedGateway;
let client: Client;

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Sends the request target exactly as given (no client-side URL normalisation). */
async function send(path: string, headers: Record<string, string> = {}) {
  const response = await client.request({ path, method: 'GET', headers });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text };
}

/** Like send, through node:http, which (unlike undici) sends a Connection header as given. */
function sendWithConnection(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(served.url);
    httpRequest({ hostname, port, path, headers }, (response) => {
      response
        .resume()
        .on('end', () => resolve({ status: response.statusCode!, headers: response.headers }));
    })
      .on('error', reject)
      .end();
  });
}

const token = (scope: string[]) => signToken(served.gateway, { sub: 'alice', sid: 'sid-1', scope });

beforeAll(async () => {
  upstream = await startUpstreamServer();
  served = await serveGateway(`
routes:
  - { name: public, match: { path: /public/* }, upstream: "${upstream.origin}", policy: public }
  - { name: private, match: { path: /private/* }, upstream: "${upstream.origin}", policy: token, scopes: [read] }
  - { name: admin, match: { path: /admin-api/* }, upstream: "${upstream.origin}", policy: token, scopes: [admin] }
  - { name: slow, match: { path: /slow }, upstream: "${upstream.origin}", policy: public, timeout: 200ms }
  - { name: patient, match: { path: /patient/* }, upstream: "${upstream.origin}/slow", stripPrefix: /patient, policy: public }
  - { name: down, match: { path: /down/* }, upstream: "http://127.0.0.1:${await closedPort()}", policy: public }
  - { name: reset, match: { path: /close }, upstream: "${upstream.origin}", policy: public }
  - { name: cookies, match: { path: /cookies }, upstream: "${upstream.origin}", policy: public }
`);
  client = new Client(served.url);
});

afterAll(async () => {
  await client?.close();
  await served?.close();
  await upstream?.close();
});

beforeEach(() => {
  upstream.received.length = 0;
});

describe('reverse proxy against a real upstream', () => {
  it('never lets a spoofed X-Auth-* header through, in any spelling', async () => {
    const response = await send('/public/echo', {
      'X-Auth-Subject': 'admin',
      'x-auth-scope': 'admin',
      X_Auth_Session: 'stolen',
      'x_auth-context': 'e30',
      'X-AUTH-ASSERTION': 'forged',
    });
    expect(response.status).toBe(200);
    const names = upstream.received[0]!.rawHeaders.filter((_, i) => i % 2 === 0);
    expect(names.filter((name) => /^x[-_]auth/i.test(name))).toEqual([]);
  });

  it('sends identity, request id and forwarding headers on a token route', async () => {
    const bearer = await token(['read']);
    const response = await send('/private/me?x=1', {
      authorization: `Bearer ${bearer}`,
      'X-Auth-Subject': 'mallory',
      'X-Forwarded-For': '10.6.6.6',
    });
    expect(response.status).toBe(200);
    const seen = upstream.received[0]!;
    expect(seen.url).toBe('/private/me?x=1');
    expect(seen.headers).toMatchObject({
      'x-auth-subject': 'alice',
      'x-auth-session': 'sid-1',
      'x-auth-scope': 'read',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      host: new URL(upstream.origin).host,
    });
    expect(seen.headers['x-forwarded-host']).toBe(new URL(served.url).host);
    expect(seen.headers).not.toHaveProperty('authorization');
    expect(seen.headers['x-request-id']).toBe(response.headers['x-request-id']);
  });

  it('drops hop-by-hop request headers, including those named in Connection', async () => {
    const response = await sendWithConnection('/public/hop', {
      Connection: 'keep-alive, X-Hop',
      'X-Hop': 'secret',
      'Keep-Alive': 'timeout=9',
      'Proxy-Authorization': 'Basic eDp5',
      'X-Kept': 'yes',
    });
    expect(response.status).toBe(200);
    const seen = upstream.received[0]!.headers;
    expect(seen).not.toHaveProperty('x-hop');
    expect(seen).not.toHaveProperty('proxy-authorization');
    expect(seen['keep-alive']).toBeUndefined();
    expect(seen['x-kept']).toBe('yes');
  });

  it.each([
    '/public/../private/x',
    '/public/%2e%2e/private/x',
    '/public/%2E%2E/private/x',
    '/public/..%2fprivate/x',
    '/public/..%2Fprivate/x',
    '/public/..%5cprivate/x',
    '//private/x',
    '/public/./../private/x',
    '/public/.%2e/private/x',
    '/public//../../private/x',
  ])('never reaches the protected route unauthenticated through %s', async (path) => {
    const response = await send(path);
    expect([400, 401]).toContain(response.status);
    expect(JSON.parse(response.text)).toMatchObject({ status: response.status });
    expect(upstream.received).toEqual([]);
  });

  it('forwards the resolved path, not the traversal, once authenticated', async () => {
    const response = await send('/public/%2e%2e/private/x', {
      authorization: `Bearer ${await token(['read'])}`,
    });
    expect(response.status).toBe(200);
    expect(upstream.received[0]!.url).toBe('/private/x');
  });

  it('does not authenticate with a token in the query string', async () => {
    const response = await send(`/private/x?access_token=${await token(['read'])}`);
    expect(response.status).toBe(401);
    expect(upstream.received).toEqual([]);
  });

  it('answers 401 problem+json with a bearer challenge for a bad token', async () => {
    const response = await send('/private/x', { authorization: 'Bearer abc.def.ghi' });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers['www-authenticate']).toMatch(
      /^Bearer realm="gatehouse", error="invalid_token", error_description="[^"]+"$/,
    );
    expect(JSON.parse(response.text)).toMatchObject({
      status: 401,
      type: 'urn:gatehouse:problem:invalid-token',
    });
  });

  it('answers 403 insufficient_scope', async () => {
    const response = await send('/admin-api/x', {
      authorization: `Bearer ${await token(['read'])}`,
    });
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(upstream.received).toEqual([]);
  });

  it('rejects every attack token with 401 invalid_token', async () => {
    const { config } = served.gateway.deps;
    const tokens = await buildAttackTokens({
      signingJwk: await testSigningKey(config.tokens.algorithm),
      issuer: config.tokens.issuer,
      audience: config.tokens.audience,
      clock: served.gateway.clock,
    });
    expect(attackVectors.length).toBeGreaterThan(10);
    for (const vector of attackVectors) {
      const response = await send('/private/x', { authorization: `Bearer ${tokens[vector.name]}` });
      expect({ vector: vector.name, status: response.status }).toEqual({
        vector: vector.name,
        status: 401,
      });
      expect(response.headers['www-authenticate'], vector.name).toContain('error="invalid_token"');
      expect(JSON.parse(response.text).detail, vector.name).toBe(vector.expectDetail);
    }
    expect(upstream.received).toEqual([]);
  });

  it('answers 404 problem+json when no route matches', async () => {
    const response = await send('/nowhere');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });

  it('answers 502 when the upstream port is closed', async () => {
    const response = await send('/down/x');
    expect(response.status).toBe(502);
    expect(JSON.parse(response.text)).toMatchObject({ type: 'urn:gatehouse:problem:bad-gateway' });
  });

  it('answers 502 when the upstream drops the connection', async () => {
    expect((await send('/close')).status).toBe(502);
  });

  it('answers 504 when the upstream is slower than the route timeout', async () => {
    const started = Date.now();
    const response = await send('/slow?ms=3000');
    expect(response.status).toBe(504);
    expect(JSON.parse(response.text)).toMatchObject({
      type: 'urn:gatehouse:problem:gateway-timeout',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('abandons the upstream request when the client goes away', async () => {
    const before = upstream.received.length;
    const impatient = new Client(served.url);
    const outcome = impatient
      .request({ path: '/patient?ms=10000&case=abandon', method: 'GET' })
      .then(
        () => 'answered',
        () => 'aborted',
      );
    while (upstream.received.length === before) await sleep(10);
    await impatient.destroy();
    expect(await outcome).toBe('aborted');
    const target = '/slow?ms=10000&case=abandon';
    for (let i = 0; i < 100 && !upstream.abandoned.includes(target); i++) await sleep(20);
    expect(upstream.abandoned).toContain(target);
    expect((await send('/public/still-serving')).status).toBe(200);
  });

  it('forwards HEAD as HEAD and answers with the upstream headers and no body', async () => {
    const response = await client.request({ path: '/public/head', method: 'HEAD' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-request-id']).toBeDefined();
    expect(await response.body.text()).toBe('');
    expect(upstream.received[0]!.method).toBe('HEAD');
  });

  it('keeps the client connection alive across proxied GET and HEAD requests', async () => {
    const { hostname, port } = new URL(served.url);
    const socket = connect(Number(port), hostname);
    let received = '';
    let closed = false;
    socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
    socket.on('close', () => (closed = true));
    const answered = () => received.split('HTTP/1.1 200 OK').length - 1;
    try {
      const methods = ['GET', 'HEAD', 'GET', 'HEAD', 'GET'];
      for (const [index, method] of methods.entries()) {
        socket.write(`${method} /public/alive HTTP/1.1\r\nHost: gateway.test\r\n\r\n`);
        for (let i = 0; i < 100 && answered() <= index && !closed; i++) await sleep(10);
      }
      await sleep(50); // time for a wrongly destroyed socket to close
      expect({ answered: answered(), closed }).toEqual({ answered: methods.length, closed: false });
    } finally {
      socket.destroy();
    }
  });

  it('passes every Set-Cookie through and drops hop-by-hop response headers', async () => {
    const response = await send('/cookies');
    expect(response.status).toBe(200);
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(response.headers).not.toHaveProperty('x-upstream-hop');
    expect(response.headers['keep-alive']).not.toBe('timeout=77');
    expect(response.text).toBe('ok');
  });
});
