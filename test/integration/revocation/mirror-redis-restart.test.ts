import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { describeWithRedis } from '../../helpers/redis-env.js';
import { type PrivateRedis, startPrivateRedis } from '../../helpers/redis-server.js';
import type { TestGateway } from '../../helpers/test-gateway.js';
import { startSession } from '../../unit/api/session/session-fixtures.js';
import {
  mirrorGateway,
  openRedisStore,
  readinessOf,
  sleep,
  statusOf,
  untilEquals,
} from './mirror-fixture.js';

// A redis-server of the test's own (it kills it), never the shared one; gated like every Redis test.
describeWithRedis('a revocation mirror while its Redis is down, and after it is back', () => {
  let redis: PrivateRedis;
  let store: Store;
  let gw: TestGateway;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    store = await openRedisStore(redis.url, 'gh:');
    gw = await mirrorGateway(store);
  });

  afterAll(async () => {
    await gw?.close();
    await store?.close();
    await redis?.stop();
  });

  it('fails session routes closed once stale, and serves again (following new revocations) after a restart', async () => {
    const s = await startSession(gw);
    expect(await statusOf(gw, '/ses/x', s)).toBe(200);
    await redis.kill();
    await sleep(1200);
    expect(await statusOf(gw, '/ses/x', s)).toBe(503);
    expect(await statusOf(gw, '/tok/x', s)).toBe(200);
    expect(await readinessOf(gw)).toEqual({ status: 503, mirror: 'stale' });

    await redis.restart();
    // Mirror mode reads no session per request: the token is accepted again, store empty or not.
    await untilEquals(() => statusOf(gw, '/ses/x', s), 200, 8000);
    await untilEquals(async () => (await readinessOf(gw)).status, 200, 8000);
    // The subscription is live again: a revocation made now reaches the mirror.
    const now = Date.now();
    await store.sessions.revokeSession(s.sid, now, now + 60_000);
    await untilEquals(() => statusOf(gw, '/ses/x', s), 401, 1000);
  });
});
