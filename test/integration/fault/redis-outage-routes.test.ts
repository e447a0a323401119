import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStore } from '../../../src/adapters/node/create-store.js';
import type { IdentitySource } from '../../../src/identity/identity-source.js';
import { systemClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { Store } from '../../../src/store/store.js';
import { describeWithRedis, untilAnswering } from '../../helpers/redis-env.js';
import { type PrivateRedis, startPrivateRedis } from '../../helpers/redis-server.js';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';

const alice: IdentitySource = {
  authenticate: async (u, p) =>
    u === 'alice' && p === 'pw-alice' ? { sub: 'alice', scope: ['read:api'], claims: {} } : null,
};

// The fault test, end to end over real sockets: kill the gateway's Redis (a private
// server, never the shared one) while requests flow, then bring it back. In lookup mode, where
// session routes read the store per request (mirror mode: test/integration/revocation/).
describeWithRedis('route policies while Redis is down, and after it is back', () => {
  let redis: PrivateRedis;
  let store: Store;
  let upstream: UpstreamServer;
  let served: ServedGateway;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    store = createStore({ kind: 'redis', url: redis.url, keyPrefix: 'gh:' }, silentLogger);
    await untilAnswering(() => store.ping());
    upstream = await startUpstreamServer();
    served = await serveGateway(
      `
revocation: { mode: lookup }
routes:
  - { name: tok, match: { path: /tok/* }, upstream: "${upstream.origin}", policy: token, stripPrefix: /tok }
  - { name: ses, match: { path: /ses/* }, upstream: "${upstream.origin}", policy: session, stripPrefix: /ses }
  - { name: ctx, match: { path: /ctx/* }, upstream: "${upstream.origin}", policy: context, stripPrefix: /ctx }
  - { name: open, match: { path: /open/* }, upstream: "${upstream.origin}", policy: session, onStoreDown: open, stripPrefix: /open }
`,
      { store, clock: systemClock, identitySources: [alice] },
    );
  });

  afterAll(async () => {
    await served?.close();
    await upstream?.close();
    await store?.close();
    await redis?.stop();
  });

  const login = () =>
    fetch(`${served.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'pw-alice' }),
    });
  const call = (path: string, token: string) =>
    fetch(`${served.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('keeps token routes serving, fails session routes closed with 503, and recovers by itself', async () => {
    const first = await login();
    expect(first.status).toBe(200);
    const { access_token: token } = (await first.json()) as { access_token: string };
    for (const path of ['/tok/a', '/ses/a', '/ctx/a', '/open/a']) {
      expect((await call(path, token)).status, path).toBe(200);
    }

    await redis.kill();

    expect((await call('/tok/b', token)).status).toBe(200);
    for (const path of ['/ses/b', '/ctx/b']) {
      const response = await call(path, token);
      expect(response.status, path).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await call('/open/b', token)).status).toBe(200);
    const downLogin = await login();
    expect(downLogin.status).toBe(503);
    expect(downLogin.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${served.url}/readyz`)).status).toBe(503);

    await redis.restart();
    await untilAnswering(() => store.ping());

    // The restarted server is empty (no persistence here): the old session is gone, which a
    // session route reports as 401 rather than 503; a new login works without a gateway restart.
    expect((await call('/ses/c', token)).status).toBe(401);
    const again = await login();
    expect(again.status).toBe(200);
    const { access_token: fresh } = (await again.json()) as { access_token: string };
    expect((await call('/ses/c', fresh)).status).toBe(200);
    expect((await call('/ctx/c', fresh)).status).toBe(200);
    expect((await fetch(`${served.url}/readyz`)).status).toBe(200);
  });
});
