import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { describeWithRedis, uniqueKeyPrefix } from '../../helpers/redis-env.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';
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

// Instance B reaches the shared Redis through a TCP relay the test cuts: a network partition
// between one gateway and Redis, while instance A (direct) goes on revoking.
describeWithRedis('a revocation mirror cut off from Redis', (url) => {
  const keyPrefix = uniqueKeyPrefix();
  let proxy: TcpProxy;
  const stores: Store[] = [];
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    proxy = await startTcpProxy(Number(new URL(url).port));
    stores.push(await openRedisStore(url, keyPrefix));
    stores.push(await openRedisStore(`redis://127.0.0.1:${proxy.port}`, keyPrefix));
    a = await mirrorGateway(stores[0]!);
    b = await mirrorGateway(stores[1]!);
  });

  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await Promise.allSettled(stores.map((store) => store.close()));
    await proxy?.close();
    const redis = new Redis(url);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('goes stale past maxStaleness (503, /readyz 503), then recovers and applies what it missed', async () => {
    const s = await startSession(a);
    expect(await statusOf(b, '/ses/x', s)).toBe(200);
    proxy.cut();
    const now = Date.now();
    await a.deps.store.sessions.revokeSession(s.sid, now, now + 60_000);
    // B cannot hear it, and within maxStaleness (1 s) its mirror still counts as fresh.
    expect(await statusOf(b, '/ses/x', s)).toBe(200);
    await sleep(1200);
    expect(await statusOf(b, '/ses/x', s)).toBe(503);
    expect(await readinessOf(b)).toEqual({ status: 503, mirror: 'stale' });
    expect(await statusOf(b, '/tok/x', s)).toBe(200);
    proxy.heal();
    await untilEquals(() => statusOf(b, '/ses/x', s), 401);
    await untilEquals(async () => (await readinessOf(b)).status, 200);
    expect(await readinessOf(b)).toEqual({ status: 200, mirror: 'ok' });
  });
});
