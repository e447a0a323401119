import { loadRedisScripts } from '../../../src/adapters/node/load-redis-scripts.js';
import { systemClock } from '../../../src/lib/clock.js';
import type { Scheduler } from '../../../src/revocation/scheduler.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { createRedisClient } from '../../../src/store/redis/create-redis-client.js';
import { createRedisStore } from '../../../src/store/redis/redis-store.js';
import type { Store } from '../../../src/store/store.js';
import { untilAnswering } from '../../helpers/redis-env.js';
import { testGateway, type TestGateway } from '../../helpers/test-gateway.js';
import type { StartedSession } from '../../unit/api/session/session-fixtures.js';

/** Routes of a mirror-mode gateway that goes stale after 1 s (reconciling every 333 ms). */
export const MIRROR_CONFIG = `
revocation: { mode: mirror, maxStaleness: 1s }
routes:
  - { name: tok, match: { path: /tok/* }, upstream: "http://up.test", policy: token }
  - { name: ses, match: { path: /ses/* }, upstream: "http://up.test", policy: session }
`;

const upstream = {
  forward: async () => ({ status: 200, response: new Response('upstream ok') }),
  close: async () => {},
};

/**
 * A store of its own (its own connections) on the standalone Redis at `url`, answering before it
 * is returned: for the tests that cut or kill that server. The others take a RedisTarget's
 * openStore and run on every topology.
 */
export async function openRedisStore(url: string, keyPrefix: string): Promise<Store> {
  const store = createRedisStore(
    createRedisClient({ kind: 'redis', url, keyPrefix }, silentLogger),
    { keyPrefix, scripts: loadRedisScripts() },
  );
  await untilAnswering(() => store.ping());
  return store;
}

/** A mirror-mode gateway instance on `store` and the wall clock, started; setInterval reconciles. */
export function mirrorGateway(store: Store, scheduler?: Scheduler): Promise<TestGateway> {
  return testGateway(MIRROR_CONFIG, { store, clock: systemClock, upstream, scheduler });
}

/** The status `path` answers on `gw` with the session's token. */
export async function statusOf(gw: TestGateway, path: string, s: StartedSession): Promise<number> {
  return (await gw.app.request(path, { headers: s.auth })).status;
}

/** /readyz's status and its mirror check. */
export async function readinessOf(gw: TestGateway): Promise<{ status: number; mirror?: string }> {
  const response = await gw.app.request('/readyz');
  const body = (await response.json()) as { checks: Record<string, string> };
  return { status: response.status, mirror: body.checks.mirror };
}

/** Polls `probe` every 10 ms until it returns `expected`; the time it took, in ms. */
export async function untilEquals<T>(probe: () => Promise<T>, expected: T, timeoutMs = 5000) {
  const started = performance.now();
  for (;;) {
    if ((await probe()) === expected) return performance.now() - started;
    if (performance.now() - started > timeoutMs) {
      throw new Error(`still not ${String(expected)} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
