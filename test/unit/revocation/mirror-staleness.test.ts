import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import { fakeClock } from '../../helpers/fake-clock.js';
import { testGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { problemOf, startSession, type StartedSession } from '../api/session/session-fixtures.js';
import {
  type LossControl,
  lossyStore,
  type ManualScheduler,
  manualScheduler,
} from './mirror-fixtures.js';

const CONFIG = `
revocation: { mode: mirror, maxStaleness: 5s }
routes:
  - { name: tok, match: { path: /tok/* }, upstream: "http://up.test", policy: token }
  - { name: ses, match: { path: /ses/* }, upstream: "http://up.test", policy: session }
  - { name: ctx, match: { path: /ctx/* }, upstream: "http://up.test", policy: context }
  - { name: open, match: { path: /open/* }, upstream: "http://up.test", policy: session, onStoreDown: open }
`;
const upstream = {
  forward: async () => ({ status: 200, response: new Response('upstream ok') }),
  close: async () => {},
};

let gw: TestGateway;
let control: LossControl;
let scheduler: ManualScheduler;
let s: StartedSession;

const status = async (path: string) => (await gw.app.request(path, { headers: s.auth })).status;
const readiness = async () => {
  const response = await gw.app.request('/readyz');
  const body = (await response.json()) as { checks: Record<string, string> };
  return { status: response.status, mirror: body.checks.mirror };
};

async function build(startDown = false) {
  const lossy = lossyStore(createMemoryStore());
  control = lossy.control;
  if (startDown) control.cut();
  scheduler = manualScheduler();
  gw = await testGateway(CONFIG, { store: lossy.store, scheduler, clock: fakeClock(), upstream });
  s = await startSession(gw);
}

describe('a stale revocation mirror (README "Revocation": fail closed)', () => {
  beforeEach(() => build());

  it('serves session routes and reports ready while in sync', async () => {
    expect(await status('/ses/x')).toBe(200);
    expect(await readiness()).toEqual({ status: 200, mirror: 'ok' });
  });

  it('past maxStaleness: 503 + Retry-After on session and context routes, /readyz 503', async () => {
    control.cut();
    gw.clock.advance(5001);
    for (const path of ['/ses/x', '/ctx/x']) {
      const response = await gw.app.request(path, { headers: s.auth });
      expect(response.status, path).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await problemOf(response)).toMatchObject({
        type: 'urn:gatehouse:problem:revocation-stale',
        detail: 'revocation state is stale',
      });
    }
    expect(await readiness()).toEqual({ status: 503, mirror: 'stale' });
  });

  it('within maxStaleness of the last confirmation, a lost link changes nothing yet', async () => {
    control.cut();
    gw.clock.advance(5000);
    expect(await status('/ses/x')).toBe(200);
  });

  it('keeps onStoreDown: open routes and token routes serving while stale', async () => {
    control.cut();
    gw.clock.advance(5001);
    expect(await status('/open/x')).toBe(200);
    expect(await status('/tok/x')).toBe(200);
  });

  it('still refuses a token it knows is revoked while stale: 401, not 503', async () => {
    await gw.deps.store.sessions.revokeSession(s.sid, gw.clock.now(), gw.clock.now() + 60_000);
    control.cut();
    gw.clock.advance(5001);
    expect(await status('/ses/x')).toBe(401);
    expect(await status('/open/x')).toBe(401);
  });

  it('recovers when the subscription is back and a resync confirms the set', async () => {
    control.cut();
    gw.clock.advance(5001);
    expect(await status('/ses/x')).toBe(503);
    control.restore();
    await scheduler.run();
    expect(await status('/ses/x')).toBe(200);
    expect(await readiness()).toEqual({ status: 200, mirror: 'ok' });
  });

  it('recovers with the periodic reconcile after failed listings', async () => {
    control.failLists = true;
    gw.clock.advance(5001);
    await scheduler.run();
    expect(await status('/ses/x')).toBe(503);
    control.failLists = false;
    await scheduler.run();
    expect(await status('/ses/x')).toBe(200);
  });
});

describe('a revocation mirror that could not sync at start', () => {
  beforeEach(() => build(true));

  it('reports mirror: starting on /readyz (503) and fails session routes closed', async () => {
    expect(await readiness()).toEqual({ status: 503, mirror: 'starting' });
    expect(await status('/ses/x')).toBe(503);
    expect(await status('/tok/x')).toBe(200);
  });

  it('is ready as soon as it connects and syncs', async () => {
    control.restore();
    await scheduler.run();
    expect(await readiness()).toEqual({ status: 200, mirror: 'ok' });
    expect(await status('/ses/x')).toBe(200);
  });
});
