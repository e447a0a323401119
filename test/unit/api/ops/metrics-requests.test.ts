import { beforeEach, describe, expect, it } from 'vitest';
import type { TestGateway } from '../../../helpers/test-gateway.js';
import { startSession } from '../session/session-fixtures.js';
import { metricsGateway, scrape } from './metrics-fixtures.js';

const ROUTES = `
revocation: { mode: lookup }
routes:
  - { name: pub, match: { path: /pub/* }, upstream: "http://up.test", policy: public }
  - { name: tok, match: { path: /tok/* }, upstream: "http://up.test", policy: token }
  - { name: ses, match: { path: /ses/* }, upstream: "http://up.test", policy: session }
  - { name: scoped, match: { path: /scoped/* }, upstream: "http://up.test", policy: token, scopes: [admin] }
`;

const REQUESTS = 'gatehouse_http_requests_total';
const DURATION_COUNT = 'gatehouse_http_request_duration_seconds_count';
const TOKENS = 'gatehouse_token_verifications_total';
const CACHE = 'gatehouse_verified_token_cache_lookups_total';

/** The token with one character of its signature changed: well-formed, wrongly signed. */
function badlySigned(token: string): string {
  const at = token.lastIndexOf('.') + 10;
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}

let gw: TestGateway;

describe('request metrics, by route, policy and outcome', () => {
  beforeEach(async () => {
    gw = await metricsGateway(ROUTES);
  });

  it('counts and times a public request, labelled with its route and policy', async () => {
    expect((await gw.app.request('/pub/a')).status).toBe(200);
    expect((await gw.app.request('/pub/b?secret=1')).status).toBe(200);
    const m = await scrape(gw.app);
    const labels = { route: 'pub', policy: 'public', outcome: 'ok' };
    expect(m.value(REQUESTS, labels)).toBe(2);
    expect(m.value(DURATION_COUNT, labels)).toBe(2);
    // Never a raw path or query in a label.
    expect(m.samples.some((s) => Object.values(s.labels).some((v) => v.includes('/pub')))).toBe(
      false,
    );
  });

  it('counts token requests: ok, missing, expired and badly signed', async () => {
    const { token, auth } = await startSession(gw);
    expect((await gw.app.request('/tok/x', { headers: auth })).status).toBe(200);
    expect((await gw.app.request('/tok/x')).status).toBe(401);
    const bad = { authorization: `Bearer ${badlySigned(token)}` };
    expect((await gw.app.request('/tok/x', { headers: bad })).status).toBe(401);
    const fresh = await startSession(gw); // never verified: jose finds it expired
    gw.clock.advance(gw.deps.config.tokens.accessTtl + gw.deps.config.tokens.clockTolerance);
    expect((await gw.app.request('/tok/x', { headers: auth })).status).toBe(401);
    expect((await gw.app.request('/tok/x', { headers: fresh.auth })).status).toBe(401);

    const m = await scrape(gw.app);
    expect(m.value(REQUESTS, { route: 'tok', policy: 'token', outcome: 'ok' })).toBe(1);
    expect(m.value(REQUESTS, { route: 'tok', policy: 'token', outcome: 'unauthenticated' })).toBe(
      4,
    );
    expect(m.value(TOKENS, { result: 'ok' })).toBe(1);
    expect(m.value(TOKENS, { result: 'bad_signature' })).toBe(1);
    // One refused from the cache, one by jose.
    expect(m.value(TOKENS, { result: 'expired' })).toBe(2);
    expect(m.value(TOKENS, { result: 'malformed' })).toBe(0);
  });

  it('counts hits of the verified-token cache', async () => {
    const { auth } = await startSession(gw);
    for (let i = 0; i < 3; i++) await gw.app.request('/tok/x', { headers: auth });
    const m = await scrape(gw.app);
    expect(m.value(CACHE, { result: 'miss' })).toBe(1);
    expect(m.value(CACHE, { result: 'hit' })).toBe(2);
    expect(m.value(TOKENS, { result: 'ok' })).toBe(3);
  });

  it('counts session requests, and a revoked session as `revoked`', async () => {
    const s = await startSession(gw);
    expect((await gw.app.request('/ses/x', { headers: s.auth })).status).toBe(200);
    await gw.deps.store.sessions.revokeSession(s.sid, gw.clock.now(), gw.clock.now() + 60_000);
    expect((await gw.app.request('/ses/x', { headers: s.auth })).status).toBe(401);
    const m = await scrape(gw.app);
    expect(m.value(REQUESTS, { route: 'ses', policy: 'session', outcome: 'ok' })).toBe(1);
    expect(m.value(REQUESTS, { route: 'ses', policy: 'session', outcome: 'revoked' })).toBe(1);
  });

  it('counts a refused request as `forbidden` and an unmatched one as route `unmatched`', async () => {
    const { auth } = await startSession(gw);
    expect((await gw.app.request('/scoped/x', { headers: auth })).status).toBe(403);
    expect((await gw.app.request('/nowhere/at/all')).status).toBe(404);
    const m = await scrape(gw.app);
    expect(m.value(REQUESTS, { route: 'scoped', policy: 'token', outcome: 'forbidden' })).toBe(1);
    expect(m.value(REQUESTS, { route: 'unmatched', policy: 'none', outcome: 'not_found' })).toBe(1);
  });

  it('names the built-in endpoints auth, ops and admin, with policy none', async () => {
    const login = await gw.app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'wrong' }),
    });
    expect(login.status).toBe(401);
    expect((await gw.app.request('/healthz')).status).toBe(200);
    expect((await gw.app.request('/admin/users/u/sessions')).status).toBe(401);
    const m = await scrape(gw.app);
    expect(m.value(REQUESTS, { route: 'auth', policy: 'none', outcome: 'unauthenticated' })).toBe(
      1,
    );
    expect(m.value(REQUESTS, { route: 'ops', policy: 'none', outcome: 'ok' })).toBe(1);
    expect(m.value(REQUESTS, { route: 'admin', policy: 'none', outcome: 'unauthenticated' })).toBe(
      1,
    );
  });

  it('names a forward-auth request after the route whose policy it applied', async () => {
    gw = await metricsGateway(`server: { trustProxy: true }\n${ROUTES}`);
    const { auth } = await startSession(gw);
    const forwarded = { 'x-forwarded-uri': '/tok/x', 'x-forwarded-method': 'GET' };
    expect(
      (await gw.app.request('/auth/verify', { headers: { ...auth, ...forwarded } })).status,
    ).toBe(200);
    // No forwarded target: the strictest policy (session) decides.
    expect((await gw.app.request('/auth/verify')).status).toBe(401);
    const m = await scrape(gw.app);
    expect(m.value(REQUESTS, { route: 'tok', policy: 'token', outcome: 'ok' })).toBe(1);
    const strictest = { route: 'forward-auth-strictest', policy: 'session' };
    expect(m.value(REQUESTS, { ...strictest, outcome: 'unauthenticated' })).toBe(1);
  });
});
