import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import { describeWithNginx, startNginx, type RunningNginx } from '../../helpers/nginx.js';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';
import { startSession, switchableStore } from '../../unit/api/session/session-fixtures.js';

// The shipped config/examples/nginx.conf, run as is but for its addresses, in front of a real
// upstream, asking a real gatehouse (in-process, listening on loopback) through auth_request.

const EXAMPLE = readFileSync(
  join(import.meta.dirname, '../../../config/examples/nginx.conf'),
  'utf8',
);
const DAY = 86_400_000;

/** The example with its addresses replaced and every path nginx writes to moved into `dir`. */
function localConfig(port: number, dir: string, gateway: string, app: string): string {
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`config/examples/nginx.conf lost "${from}"`);
    return text.replace(from, to);
  };
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `  ${name}_temp_path ${join(dir, name)};\n`)
    .join('');
  let conf = replace(EXAMPLE, 'server gatehouse:8080;', `server ${gateway};`);
  conf = replace(conf, 'server app:3000;', `server ${app};`);
  conf = replace(conf, 'listen 80;', `listen 127.0.0.1:${port};`);
  return replace(conf, 'http {\n', `http {\n  access_log off;\n${temp}`);
}

describeWithNginx('nginx auth_request in front of gatehouse /auth/verify', (binary) => {
  let upstream: UpstreamServer;
  let served: ServedGateway;
  let nginx: RunningNginx;
  const store = switchableStore(createMemoryStore());

  beforeAll(async () => {
    upstream = await startUpstreamServer();
    served = await serveGateway(
      `
server: { trustProxy: true }
routes:
  - { name: admin, match: { path: /api/admin/* }, policy: session, scopes: [admin] }
  - { name: open, match: { path: /api/public/* }, policy: public }
  - { name: wizard, match: { path: /api/wizard/* }, policy: context }
  - { name: api, match: { path: /api/* }, policy: session }
`,
      { store: store.store },
    );
    const host = (url: string) => new URL(url).host;
    nginx = await startNginx(binary, (port, dir) =>
      localConfig(port, dir, host(served.url), host(upstream.origin)),
    );
  });

  afterAll(async () => {
    await nginx?.stop();
    await served?.close();
    await upstream?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${nginx.url}${path}`, { headers });
  const received = () => upstream.received.length;

  it('lets a valid token through, with the identity auth_request_set copied', async () => {
    const s = await startSession(served.gateway, { scope: ['read', 'write'] });
    const response = await get('/api/orders?page=2', s.auth);
    expect(response.status).toBe(200);
    const seen = upstream.received.at(-1)!;
    expect(seen.url).toBe('/api/orders?page=2');
    expect(seen.headers['x-auth-subject']).toBe('alice');
    expect(seen.headers['x-auth-session']).toBe(s.sid);
    expect(seen.headers['x-auth-scope']).toBe('read write');
    expect(seen.headers['x-auth-context']).toBeUndefined();
  });

  it('never passes a client’s own identity headers, in any spelling', async () => {
    const s = await startSession(served.gateway);
    const spoof = {
      'X-Auth-Subject': 'root',
      X_Auth_Session: 'stolen',
      'X-Auth-Context': 'eyJhZG1pbiI6dHJ1ZX0',
    };
    expect((await get('/api/x', { ...s.auth, ...spoof })).status).toBe(200);
    const withToken = upstream.received.at(-1)!;
    expect(withToken.headers['x-auth-subject']).toBe('alice');
    expect(withToken.rawHeaders.filter((h) => /^x[-_]auth[-_]/i.test(h))).toEqual([
      'X-Auth-Subject',
      'X-Auth-Session',
      'X-Auth-Scope',
    ]);
    expect((await get('/api/public/x', spoof)).status).toBe(200);
    const anonymous = upstream.received.at(-1)!;
    expect(anonymous.rawHeaders.filter((h) => /^x[-_]auth[-_]/i.test(h))).toEqual([]);
  });

  it('answers 401 with gatehouse’s challenge when the token is missing', async () => {
    const before = received();
    const response = await get('/api/x');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
    expect(received()).toBe(before);
  });

  it('answers 401 invalid_token for a token gatehouse did not sign', async () => {
    const before = received();
    const response = await get('/api/x', { authorization: 'Bearer not.a.token' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="gatehouse", error="invalid_token"/,
    );
    expect(received()).toBe(before);
  });

  it('answers 401 once the session is revoked in the store', async () => {
    const s = await startSession(served.gateway);
    expect((await get('/api/x', s.auth)).status).toBe(200);
    const now = served.gateway.clock.now();
    await served.gateway.deps.store.sessions.revokeSession(s.sid, now, now + DAY);
    const before = received();
    const response = await untilStatus(() => get('/api/x', s.auth), 401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(received()).toBe(before);
  });

  it('answers 401 once the user logs out', async () => {
    const s = await startSession(served.gateway);
    expect((await get('/api/x', s.auth)).status).toBe(200);
    const logout = await fetch(`${served.url}/auth/logout`, { method: 'POST', headers: s.auth });
    expect(logout.status).toBe(204);
    expect((await untilStatus(() => get('/api/x', s.auth), 401)).status).toBe(401);
  });

  it('answers 403 with the insufficient_scope challenge when a scope is missing', async () => {
    const s = await startSession(served.gateway, { scope: ['read'] });
    const response = await get('/api/admin/users', s.auth);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="gatehouse", error="insufficient_scope", error_description="this route requires scope: admin", scope="admin"',
    );
  });

  it('decides on the request nginx received, not on a client’s X-Forwarded-Uri', async () => {
    const response = await get('/api/x', {
      'x-forwarded-uri': '/api/public/x',
      'x-forwarded-method': 'GET',
    });
    expect(response.status).toBe(401);
  });

  it('forwards the session context on context routes', async () => {
    const s = await startSession(served.gateway, { context: { step: 3 } });
    expect((await get('/api/wizard/next', s.auth)).status).toBe(200);
    const context = upstream.received.at(-1)!.headers['x-auth-context'] as string;
    expect(JSON.parse(Buffer.from(context, 'base64url').toString())).toEqual({ step: 3 });
  });

  it('turns gatehouse’s 503 (store down) into a 500, as documented', async () => {
    const s = await startSession(served.gateway);
    store.control.down = true;
    try {
      expect((await get('/api/wizard/next', s.auth)).status).toBe(500);
    } finally {
      store.control.down = false;
    }
    expect(nginx.errorLog()).toContain('auth request unexpected status: 503');
  });
});

/** Polls until `request` answers `status` (revocation may take a moment to reach the mirror). */
async function untilStatus(request: () => Promise<Response>, status: number): Promise<Response> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const response = await request();
    if (response.status === status || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
