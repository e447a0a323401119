import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStore } from '../../../src/adapters/node/create-store.js';
import { systemClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { Store } from '../../../src/store/store.js';
import { describeWithRedis, untilAnswering } from '../../helpers/redis-env.js';
import { type PrivateRedis, startPrivateRedis } from '../../helpers/redis-server.js';
import type { TestGateway } from '../../helpers/test-gateway.js';
import { postLogin } from '../../unit/api/auth/login-fixtures.js';
import {
  loginAlice,
  postAuth,
  refreshWithCookie,
  spaGateway,
} from '../../unit/api/auth/refresh-fixtures.js';

const OK = { username: 'alice', password: 'pw-alice' };

function expect503(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('1');
  expect(response.headers.get('set-cookie')).toBeNull();
}

// Uses a redis-server of its own (it kills and freezes it), never the shared one.
describeWithRedis('login and refresh while Redis is down, and after it is back', () => {
  let server: PrivateRedis;
  let store: Store;
  let gateway: TestGateway;

  beforeAll(async () => {
    server = await startPrivateRedis();
    store = createStore({ kind: 'redis', url: server.url, keyPrefix: 'gh:' }, silentLogger);
    await untilAnswering(() => store.ping());
    gateway = await spaGateway('sessions: { idleTtl: 1m }', { store, clock: systemClock });
  });

  afterAll(async () => {
    server?.resume();
    await store?.close();
    await server?.stop();
  });

  it('answers 503 while Redis is frozen and refreshes the same token once it answers again', async () => {
    const { refreshToken } = await loginAlice(gateway);
    server.pause();
    try {
      expect503(await postAuth(gateway, 'refresh', { cookie: refreshToken }));
      expect503(await postLogin(gateway, OK));
    } finally {
      server.resume();
    }
    await untilAnswering(() => store.ping());
    // Nothing was cleared or revoked on the store's account.
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(200);
  });

  it('answers 503 while Redis is dead and logs in again once it restarts, with no gateway restart', async () => {
    const { refreshToken } = await loginAlice(gateway);
    await server.kill();
    expect503(await postLogin(gateway, OK));
    expect503(await postAuth(gateway, 'refresh', { cookie: refreshToken }));
    await server.restart();
    await untilAnswering(() => store.ping());
    const again = await loginAlice(gateway);
    expect((await refreshWithCookie(gateway, again.refreshToken)).status).toBe(200);
  });
});
