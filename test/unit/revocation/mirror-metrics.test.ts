import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import { fakeClock } from '../../helpers/fake-clock.js';
import { testGateway } from '../../helpers/test-gateway.js';
import { scrape, testMetrics } from '../api/ops/metrics-fixtures.js';
import { lossyStore, manualScheduler } from './mirror-fixtures.js';

const STALENESS = 'gatehouse_revocation_mirror_staleness_seconds';
const APPLIED = 'gatehouse_revocations_applied_total';

/** A mirror-mode gateway over a store whose subscription loses messages, as a network one does. */
async function build(startDown = false) {
  const { store, control } = lossyStore(createMemoryStore());
  if (startDown) control.cut();
  const scheduler = manualScheduler();
  const clock = fakeClock();
  const gw = await testGateway('revocation: { mode: mirror, maxStaleness: 5s }', {
    store,
    scheduler,
    clock,
    metrics: testMetrics(),
  });
  return { gw, control, scheduler, clock, store };
}

describe('revocation mirror metrics over a lossy subscription', () => {
  it('reports the time since the last confirmed full sync, back to 0 after a reconcile', async () => {
    const { gw, scheduler, clock } = await build();
    expect((await scrape(gw.app)).value(STALENESS)).toBe(0);
    clock.advance(3_000);
    expect((await scrape(gw.app)).value(STALENESS)).toBe(3);
    await scheduler.run();
    expect((await scrape(gw.app)).value(STALENESS)).toBe(0);
  });

  it('before any full sync, reports the time since the mirror started', async () => {
    const { gw, clock } = await build(true);
    clock.advance(7_500);
    expect((await scrape(gw.app)).value(STALENESS)).toBe(7.5);
  });

  it('counts what a resync recovers after lost messages as source resync', async () => {
    const { gw, control, store, clock } = await build();
    control.cut();
    const now = clock.now();
    await store.revocationLog.publishRevocation(
      { kind: 'token', jti: 'lost', forgetAt: now + 60_000 },
      now,
    );
    expect((await scrape(gw.app)).value(APPLIED)).toBe(0);
    control.restore(); // reconnected: the mirror lists the store's set again
    await new Promise((resolve) => setImmediate(resolve));
    const m = await scrape(gw.app);
    expect(m.value(APPLIED, { kind: 'token', source: 'resync' })).toBe(1);
    expect(m.value(APPLIED, { source: 'message' })).toBe(0);
    expect(m.value('gatehouse_revocation_propagation_seconds_count')).toBe(0);
  });
});
