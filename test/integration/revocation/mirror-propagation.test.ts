import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionStore } from '../../../src/store/session-store.js';
import { killClientsNamed } from '../../helpers/kill-redis-clients.js';
import { describeWithRedis, uniqueKeyPrefix } from '../../helpers/redis-env.js';
import type { TestGateway } from '../../helpers/test-gateway.js';
import { startSession } from '../../unit/api/session/session-fixtures.js';
import { manualScheduler } from '../../unit/revocation/mirror-fixtures.js';
import { mirrorGateway, openRedisStore, statusOf, untilEquals } from './mirror-fixture.js';

// Two gateway instances on one real Redis, each with its own connections. They reconcile only
// when the test says so: what they learn, they learn from pub/sub or from the resync that every
// (re)subscription starts.
describeWithRedis('revocation mirrors of two instances on one Redis', (url) => {
  const keyPrefix = uniqueKeyPrefix();
  const stores: SessionStore[] = [];
  const reconcile = manualScheduler();
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    stores.push(await openRedisStore(url, keyPrefix), await openRedisStore(url, keyPrefix));
    a = await mirrorGateway(stores[0]!, reconcile);
    b = await mirrorGateway(stores[1]!, reconcile);
  });

  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await Promise.allSettled(stores.map((store) => store.close()));
    const redis = new Redis(url);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('a session revoked through A is refused by B within milliseconds', async () => {
    const s = await startSession(a);
    await reconcile.run();
    expect(await statusOf(b, '/ses/x', s)).toBe(200);
    const now = Date.now();
    await a.deps.store.revokeSession(s.sid, now, now + 60_000);
    const took = await untilEquals(() => statusOf(b, '/ses/x', s), 401, 1000);
    expect(took).toBeLessThan(500);
    expect(await statusOf(a, '/ses/x', s)).toBe(401);
    expect(await statusOf(b, '/tok/x', s)).toBe(200);
  });

  it('a revocation published while the subscribers were cut is applied by the resync on reconnect', async () => {
    const s = await startSession(a);
    await reconcile.run();
    expect(await statusOf(b, '/ses/x', s)).toBe(200);
    // Only the subscriber connections carry this name; A's command connection stays up. ioredis
    // reconnects after 100 ms at the soonest, long after the revocation below is published.
    expect(await killClientsNamed(url, `${keyPrefix}revocations`)).toBe(2);
    const now = Date.now();
    await a.deps.store.revokeSession(s.sid, now, now + 60_000);
    await untilEquals(() => statusOf(b, '/ses/x', s), 401, 3000);
    expect(await statusOf(a, '/ses/x', s)).toBe(401);
  });
});
