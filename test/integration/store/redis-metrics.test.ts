import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../../src/lib/clock.js';
import type { Store } from '../../../src/store/store.js';
import type { FakeClock } from '../../helpers/fake-clock.js';
import { uniqueKeyPrefix } from '../../helpers/redis-env.js';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import type { TestGateway } from '../../helpers/test-gateway.js';
import { metricsGateway, scrape, type Exposition } from '../../unit/api/ops/metrics-fixtures.js';
import { startSession } from '../../unit/api/session/session-fixtures.js';

const CONFIG = `
revocation: { mode: mirror }
routes:
  - { name: ses, match: { path: /ses/* }, upstream: "http://up.test", policy: session }
  - { name: ctx, match: { path: /ctx/* }, upstream: "http://up.test", policy: context }
`;

/** Scrapes until `check` holds (a message crosses Redis on its own time), or fails after 10 s. */
async function scrapeUntil(
  gw: TestGateway,
  check: (m: Exposition) => boolean,
): Promise<Exposition> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = await scrape(gw.app);
    if (check(m)) return m;
    if (Date.now() > deadline) throw new Error('the metrics never showed it');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The wall clock, so the propagation delay is a real one (publisher and subscriber share it here).
const wallClock = systemClock as FakeClock;

describeEachRedis('metrics of a gateway on a real Redis', (target) => {
  const keyPrefix = uniqueKeyPrefix();
  let store: Store;
  let gw: TestGateway;

  beforeAll(async () => {
    store = await target.openStore(keyPrefix);
    gw = await metricsGateway(CONFIG, { store, clock: wallClock });
  });

  afterAll(async () => {
    await gw?.close();
    await store?.close();
    await target.deleteKeys(keyPrefix);
  });

  it('counts the active sessions under its key prefix, on every primary', async () => {
    expect((await scrape(gw.app)).value('gatehouse_active_sessions')).toBe(0);
    const sessions = await Promise.all([1, 2, 3, 4, 5].map(() => startSession(gw)));
    // SCAN may return a key twice; it never misses one that lived throughout.
    const counted = (await scrape(gw.app)).value('gatehouse_active_sessions');
    expect(counted).toBeGreaterThanOrEqual(5);
    expect(counted).toBeLessThanOrEqual(10);
    for (const s of sessions.slice(0, 2)) {
      await store.sessions.revokeSession(s.sid, Date.now(), Date.now() + 60_000);
    }
    const left = (await scrape(gw.app)).value('gatehouse_active_sessions');
    expect(left).toBeGreaterThanOrEqual(3);
    expect(left).toBeLessThanOrEqual(6);
  });

  it('times the store calls of requests, and counts none as failed', async () => {
    const s = await startSession(gw);
    // A `context` route reads the session and its context in one command (in mirror mode, no
    // revocation lookup).
    for (let i = 0; i < 3; i++) {
      expect((await gw.app.request('/ctx/x', { headers: s.auth })).status).toBe(200);
    }
    const m = await scrape(gw.app);
    const operation = 'getContext';
    expect(m.value('gatehouse_store_operation_duration_seconds_count', { operation })).toBe(3);
    expect(
      m.value('gatehouse_store_operation_duration_seconds_sum', { operation }),
    ).toBeGreaterThan(0);
    expect(
      m.value('gatehouse_store_operation_duration_seconds_count', { operation: 'getSession' }),
    ).toBe(0);
    expect(m.value('gatehouse_store_errors_total')).toBe(0);
  });

  it('counts a revocation arriving over pub/sub, with its propagation delay', async () => {
    const s = await startSession(gw);
    const before = await scrape(gw.app);
    await store.sessions.revokeSession(s.sid, Date.now(), Date.now() + 60_000);
    const applied = { kind: 'session', source: 'message' };
    const m = await scrapeUntil(
      gw,
      (now) =>
        now.value('gatehouse_revocations_applied_total', applied) >
        before.value('gatehouse_revocations_applied_total', applied),
    );
    // At least this one (on a Cluster, the earlier cases' may still be crossing the bus).
    expect(
      m.value('gatehouse_revocation_propagation_seconds_count') -
        before.value('gatehouse_revocation_propagation_seconds_count'),
    ).toBeGreaterThanOrEqual(1);
    // Through Redis, well under the largest bucket.
    expect(m.value('gatehouse_revocation_propagation_seconds_bucket', { le: '10' })).toBe(
      m.value('gatehouse_revocation_propagation_seconds_count'),
    );
    expect(m.value('gatehouse_revocation_mirror_entries')).toBeGreaterThanOrEqual(1);
    expect((await gw.app.request('/ses/x', { headers: s.auth })).status).toBe(401);
  });
});
