import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { uniqueKeyPrefix } from '../../helpers/redis-env.js';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import type { TestGateway } from '../../helpers/test-gateway.js';
import { startSession } from '../../unit/api/session/session-fixtures.js';
import { manualScheduler } from '../../unit/revocation/mirror-fixtures.js';
import { mirrorGateway, statusOf, untilEquals } from './mirror-fixture.js';

// Two gateway instances on one real Redis (standalone, Cluster or Sentinel), each with its own
// connections. They reconcile only when the test says so: what they learn, they learn from pub/sub
// or from the resync that every (re)subscription starts.
describeEachRedis('revocation mirrors of two instances on one Redis', (target) => {
  const keyPrefix = uniqueKeyPrefix();
  const stores: Store[] = [];
  const reconcile = manualScheduler();
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    stores.push(await target.openStore(keyPrefix), await target.openStore(keyPrefix));
    a = await mirrorGateway(stores[0]!, reconcile);
    b = await mirrorGateway(stores[1]!, reconcile);
  });

  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await Promise.allSettled(stores.map((store) => store.close()));
    await target.deleteKeys(keyPrefix);
  });

  it('a session revoked through A is refused by B within milliseconds', async () => {
    const s = await startSession(a);
    await reconcile.run();
    expect(await statusOf(b, '/ses/x', s)).toBe(200);
    const now = Date.now();
    await a.deps.store.sessions.revokeSession(s.sid, now, now + 60_000);
    const took = await untilEquals(() => statusOf(b, '/ses/x', s), 401, 1000);
    expect(took).toBeLessThan(500);
    expect(await statusOf(a, '/ses/x', s)).toBe(401);
    expect(await statusOf(b, '/tok/x', s)).toBe(200);
  });

  it('a revocation published while the subscribers were cut is applied by the resync on reconnect', async () => {
    const s = await startSession(a);
    await reconcile.run();
    expect(await statusOf(b, '/ses/x', s)).toBe(200);
    // Only the subscriber connections carry this name; A's command connection stays up. A cut
    // subscriber is back after 100 ms at the soonest (reconnected, or on a cluster opened on the
    // next node), after the revocation below is published.
    expect(await target.killClientsNamed(`${keyPrefix}revocations`)).toBe(2);
    const now = Date.now();
    await a.deps.store.sessions.revokeSession(s.sid, now, now + 60_000);
    // A's subscriber was cut too: A learns of its own revocation the same way, whenever it is back.
    await untilEquals(() => statusOf(b, '/ses/x', s), 401, 3000);
    await untilEquals(() => statusOf(a, '/ses/x', s), 401, 3000);
  });
});
