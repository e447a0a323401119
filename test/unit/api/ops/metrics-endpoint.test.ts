import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../src/lib/crypto.js';
import { testGateway } from '../../../helpers/test-gateway.js';
import { createMemoryStore } from '../../../../src/store/memory/memory-store.js';
import { startSession, switchableStore } from '../session/session-fixtures.js';
import { metricsGateway, parseExposition, scrape, testMetrics } from './metrics-fixtures.js';

// The names, types and labels dashboards and alerts are built on: renaming one must fail here.
const GATEHOUSE_METRICS = {
  gatehouse_http_requests_total: ['counter', 'outcome,policy,route'],
  gatehouse_http_request_duration_seconds: ['histogram', 'le,outcome,policy,route'],
  gatehouse_token_verifications_total: ['counter', 'result'],
  gatehouse_verified_token_cache_lookups_total: ['counter', 'result'],
  gatehouse_verified_token_cache_evictions_total: ['counter', ''],
  gatehouse_store_operation_duration_seconds: ['histogram', 'le,operation'],
  gatehouse_store_errors_total: ['counter', 'operation'],
  gatehouse_revocations_applied_total: ['counter', 'kind,source'],
  gatehouse_revocation_propagation_seconds: ['histogram', 'le'],
  gatehouse_revocation_mirror_entries: ['gauge', ''],
  gatehouse_revocation_mirror_staleness_seconds: ['gauge', ''],
  gatehouse_active_sessions: ['gauge', ''],
  gatehouse_upstream_cookies_dropped_total: ['counter', ''], // 'route' once a cookie is dropped
};

const ROUTES = `
routes:
  - { name: ses, match: { path: /ses/* }, upstream: "http://up.test", policy: session }
`;

describe('GET /metrics', () => {
  it('keeps every gatehouse_* metric name, type and label set stable', async () => {
    const { store, control } = switchableStore(createMemoryStore());
    const gw = await testGateway(ROUTES, { metrics: testMetrics(true), store });
    // Give every metric a sample: a request, a token, a store call and a failed one, a revocation.
    const s = await startSession(gw);
    await gw.app.request('/ses/x', { headers: s.auth });
    control.down = true;
    expect((await gw.app.request('/readyz')).status).toBe(503);
    control.down = false;
    await gw.deps.store.sessions.revokeSession(s.sid, gw.clock.now(), gw.clock.now() + 60_000);
    const m = await scrape(gw.app);

    const found = Object.fromEntries(
      [...m.types]
        .filter(([name]) => name.startsWith('gatehouse_'))
        .map(([name, type]) => {
          const labels = new Set(
            m.samples
              .filter((sample) => sample.name === name || sample.name.startsWith(`${name}_`))
              .flatMap((sample) => Object.keys(sample.labels)),
          );
          return [name, [type, [...labels].sort().join(',')]];
        }),
    );
    expect(found).toEqual(GATEHOUSE_METRICS);
    // Process metrics the soak tests read.
    expect(m.types.get('process_resident_memory_bytes')).toBe('gauge');
    expect(m.types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
    expect(m.value('process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('answers in the Prometheus text format, never cached', async () => {
    const gw = await metricsGateway('');
    const response = await gw.app.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(parseExposition(await response.text()).types.size).toBeGreaterThan(0);
  });

  it('asks for the bearer token whose SHA-256 is metrics.tokenSha256', async () => {
    const token = 'scrape-token-0123456789';
    const gw = await metricsGateway(`metrics: { tokenSha256: "${await sha256Hex(token)}" }`);
    const none = await gw.app.request('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
    const wrong = await gw.app.request('/metrics', {
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('not-the-token');
    const basic = await gw.app.request('/metrics', {
      headers: { authorization: `Basic ${token}` },
    });
    expect(basic.status).toBe(401);
    await scrape(gw.app, '/metrics', { authorization: `bearer ${token}` });
  });

  it('serves at metrics.path, ahead of any route for that path', async () => {
    const gw = await metricsGateway(`
metrics: { path: /internal/prom }
routes:
  - { name: all, match: { path: /* }, upstream: "http://up.test", policy: public }
`);
    await scrape(gw.app, '/internal/prom');
    // /metrics is now an ordinary path, proxied by the catch-all route.
    expect(await (await gw.app.request('/metrics')).text()).toBe('upstream ok');
  });

  it('is not served with metrics.enabled: false, nor without metrics in the deps', async () => {
    const disabled = await metricsGateway('metrics: { enabled: false }');
    expect((await disabled.app.request('/metrics')).status).toBe(404);
    const without = await testGateway('');
    expect((await without.app.request('/metrics')).status).toBe(404);
  });

  it('follows the admin listener when admin.port is set', async () => {
    const gw = await metricsGateway('admin: { port: 9091 }');
    expect((await gw.app.request('/metrics')).status).toBe(404);
    const m = await scrape(gw.adminApp!);
    expect(m.types.get('gatehouse_http_requests_total')).toBe('counter');
  });

  it('is served only by the metrics app when metrics.port is set', async () => {
    const gw = await metricsGateway('admin: { port: 9091 }\nmetrics: { port: 9092 }');
    expect(gw.metricsApp).toBeDefined();
    expect((await gw.app.request('/metrics')).status).toBe(404);
    expect((await gw.adminApp!.request('/metrics')).status).toBe(404);
    await gw.app.request('/healthz');
    const m = await scrape(gw.metricsApp!);
    // Requests to every listener are counted in the one registry.
    expect(m.value('gatehouse_http_requests_total', { route: 'ops' })).toBeGreaterThanOrEqual(1);
    expect((await gw.metricsApp!.request('/auth/login', { method: 'POST' })).status).toBe(404);
  });
});
