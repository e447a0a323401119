import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../src/store/memory/memory-store.js';
import { startSession, switchableStore } from '../session/session-fixtures.js';
import { metricsGateway, scrape } from './metrics-fixtures.js';

const SESSION_ROUTE = `
routes:
  - { name: ses, match: { path: /ses/* }, upstream: "http://up.test", policy: session }
`;

const STORE_SECONDS = 'gatehouse_store_operation_duration_seconds_count';
const STORE_ERRORS = 'gatehouse_store_errors_total';
const APPLIED = 'gatehouse_revocations_applied_total';
const PROPAGATION = 'gatehouse_revocation_propagation_seconds_count';

describe('store metrics', () => {
  it('times every store call the gateway makes, by Store method', async () => {
    const gw = await metricsGateway(`revocation: { mode: lookup }\n${SESSION_ROUTE}`);
    const s = await startSession(gw);
    for (let i = 0; i < 2; i++) {
      expect((await gw.app.request('/ses/x', { headers: s.auth })).status).toBe(200);
    }
    expect((await gw.app.request('/readyz')).status).toBe(200);
    const m = await scrape(gw.app);
    expect(m.value(STORE_SECONDS, { operation: 'getSession' })).toBe(2);
    expect(m.value(STORE_SECONDS, { operation: 'isRevoked' })).toBe(2);
    expect(m.value(STORE_SECONDS, { operation: 'ping' })).toBe(1);
    expect(m.value(STORE_ERRORS)).toBe(0);
  });

  it('counts store calls that fail, and the requests they fail as store_unavailable', async () => {
    const { store, control } = switchableStore(createMemoryStore());
    const gw = await metricsGateway(`revocation: { mode: lookup }\n${SESSION_ROUTE}`, { store });
    const s = await startSession(gw);
    control.down = true;
    expect((await gw.app.request('/ses/x', { headers: s.auth })).status).toBe(503);
    control.down = false;
    const m = await scrape(gw.app);
    expect(m.value(STORE_ERRORS, { operation: 'getSession' })).toBe(1);
    expect(m.value(STORE_ERRORS, { operation: 'isRevoked' })).toBe(1);
    // Failed calls are timed too.
    expect(m.value(STORE_SECONDS, { operation: 'getSession' })).toBe(1);
    expect(
      m.value('gatehouse_http_requests_total', {
        route: 'ses',
        policy: 'session',
        outcome: 'store_unavailable',
      }),
    ).toBe(1);
  });

  it('reports the live sessions of the store', async () => {
    const gw = await metricsGateway(SESSION_ROUTE);
    expect((await scrape(gw.app)).value('gatehouse_active_sessions')).toBe(0);
    const sessions = [await startSession(gw), await startSession(gw), await startSession(gw)];
    expect((await scrape(gw.app)).value('gatehouse_active_sessions')).toBe(3);
    await gw.deps.store.sessions.revokeSession(
      sessions[0]!.sid,
      gw.clock.now(),
      gw.clock.now() + 60_000,
    );
    expect((await scrape(gw.app)).value('gatehouse_active_sessions')).toBe(2);
    gw.clock.advance(30 * 60_000); // past the idle expiry of the other two
    expect((await scrape(gw.app)).value('gatehouse_active_sessions')).toBe(0);
    // Each scrape counted once (through the instrumented store); a scrape shows the earlier ones.
    const m = await scrape(gw.app);
    expect(m.value(STORE_SECONDS, { operation: 'countSessions' })).toBe(4);
  });
});

describe('revocation metrics (mirror mode)', () => {
  it('counts a revocation the mirror receives, and its propagation delay', async () => {
    const gw = await metricsGateway(SESSION_ROUTE);
    const s = await startSession(gw);
    let m = await scrape(gw.app);
    expect(m.value(APPLIED)).toBe(0);
    expect(m.value(PROPAGATION)).toBe(0);
    expect(m.value('gatehouse_revocation_mirror_entries')).toBe(0);

    await gw.deps.store.sessions.revokeSession(s.sid, gw.clock.now(), gw.clock.now() + 60_000);
    // The same revocation again is nothing new to the mirror, but it did travel.
    await gw.deps.store.sessions.revokeSession(s.sid, gw.clock.now(), gw.clock.now() + 60_000);
    expect((await gw.app.request('/ses/x', { headers: s.auth })).status).toBe(401);
    m = await scrape(gw.app);
    expect(m.value(APPLIED, { kind: 'session', source: 'message' })).toBe(1);
    expect(m.value(APPLIED, { source: 'resync' })).toBe(0);
    expect(m.value(PROPAGATION)).toBe(2);
    expect(m.value('gatehouse_revocation_mirror_entries')).toBe(1);
    // The in-process store loses no message: the mirror is never stale while subscribed.
    expect(m.value('gatehouse_revocation_mirror_staleness_seconds')).toBe(0);
  });

  it('counts what the first full listing brings as source resync', async () => {
    const store = createMemoryStore();
    const now = Date.now();
    await store.revocationLog.publishRevocation(
      { kind: 'token', jti: 'j1', forgetAt: now + 60_000 },
      now,
    );
    await store.revocationLog.publishRevocation(
      { kind: 'user', sub: 'u1', notBefore: now, forgetAt: now + 60_000 },
      now,
    );
    const gw = await metricsGateway(SESSION_ROUTE, { store });
    const m = await scrape(gw.app);
    expect(m.value(APPLIED, { kind: 'token', source: 'resync' })).toBe(1);
    expect(m.value(APPLIED, { kind: 'user', source: 'resync' })).toBe(1);
    expect(m.value(APPLIED, { source: 'message' })).toBe(0);
    expect(m.value('gatehouse_revocation_mirror_entries')).toBe(2);
  });

  it('has no mirror gauges in lookup mode, where there is no mirror', async () => {
    const gw = await metricsGateway(`revocation: { mode: lookup }\n${SESSION_ROUTE}`);
    const m = await scrape(gw.app);
    expect(m.types.has('gatehouse_revocation_mirror_entries')).toBe(false);
    expect(m.types.has('gatehouse_revocation_mirror_staleness_seconds')).toBe(false);
  });
});
