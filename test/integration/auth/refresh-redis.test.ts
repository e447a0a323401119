import { afterAll, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../../src/lib/clock.js';
import type { Store } from '../../../src/store/store.js';
import { fakeClock } from '../../helpers/fake-clock.js';
import { uniqueKeyPrefix } from '../../helpers/redis-env.js';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import { postLogin } from '../../unit/api/auth/login-fixtures.js';
import {
  expectParallelRefreshesConverge,
  loginAlice,
  postAuth,
  refreshWithCookie,
  sidOf,
  spaGateway,
} from '../../unit/api/auth/refresh-fixtures.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachRedis('refresh, logout and login limits over a real Redis store', (target) => {
  const keyPrefix = uniqueKeyPrefix();
  const stores: Store[] = [];

  // Login counters live in Redis across this file's gateways: alice logs in more often than the
  // default per-username limit allows, except where a test sets its own limits.
  const GENEROUS =
    'rateLimit: { login: { perIp: { limit: 1000, window: 1m }, perUsername: { limit: 1000, window: 1m } } }';

  /** A gateway on the Redis store under this file's prefix; the wall clock unless told. */
  async function redisGateway(yaml = '', clock: Clock = systemClock) {
    const store = await target.openStore(keyPrefix);
    stores.push(store);
    return spaGateway(yaml.includes('rateLimit') ? yaml : `${yaml}\n${GENEROUS}`, { store, clock });
  }

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await target.deleteKeys(keyPrefix);
  });

  it('lets 10 parallel refreshes of one token converge on one rotation', async () => {
    await expectParallelRefreshesConverge(await redisGateway('sessions: { idleTtl: 1m }'));
  });

  it('revokes the session when a rotated-out token comes back after the grace window', async () => {
    const gateway = await redisGateway('sessions: { idleTtl: 1m, refreshReuseGrace: 300ms }');
    const login = await loginAlice(gateway);
    const rotated = await refreshWithCookie(gateway, login.refreshToken);
    expect(rotated.status).toBe(200);
    const replayed = await refreshWithCookie(gateway, login.refreshToken);
    expect(replayed.refreshToken).toBe(rotated.refreshToken);
    await sleep(400);
    expect((await refreshWithCookie(gateway, login.refreshToken)).status).toBe(401);
    expect((await refreshWithCookie(gateway, rotated.refreshToken!)).status).toBe(401);
    expect(
      await gateway.deps.store.sessions.getSession(sidOf(login.refreshToken), Date.now()),
    ).toBeNull();
    expect((await loginAlice(gateway)).refreshToken).toMatch(/^v1\./);
  });

  it('slides the idle TTL on refresh and fails once it runs out', async () => {
    const gateway = await redisGateway('sessions: { idleTtl: 1500ms }');
    let { refreshToken } = await loginAlice(gateway);
    for (let i = 0; i < 2; i++) {
      await sleep(700);
      const next = await refreshWithCookie(gateway, refreshToken);
      expect(next.status, `refresh ${i + 1}, 700 ms after the last`).toBe(200);
      refreshToken = next.refreshToken!;
    }
    await sleep(1800);
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(401);
  });

  it('loses the session to the Redis TTL itself, even when the injected clock stands still', async () => {
    const frozen = fakeClock(Date.now());
    const gateway = await redisGateway('sessions: { idleTtl: 1s }', frozen);
    const { refreshToken } = await loginAlice(gateway);
    await sleep(1300);
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(401);
  });

  it('fails after the absolute expiry even though refreshes kept the session active', async () => {
    const gateway = await redisGateway('sessions: { idleTtl: 2s, absoluteTtl: 2500ms }');
    let { refreshToken } = await loginAlice(gateway);
    await sleep(1500);
    const next = await refreshWithCookie(gateway, refreshToken);
    expect(next.status).toBe(200);
    refreshToken = next.refreshToken!;
    // 2.9 s after login: the refresh at 1.5 s would have slid idle expiry to 3.5 s, but the
    // absolute expiry at 2.5 s stays put.
    await sleep(1400);
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(401);
  });

  it('logs out: 204, and the old refresh token then fails', async () => {
    const gateway = await redisGateway('sessions: { idleTtl: 1m }');
    const { refreshToken } = await loginAlice(gateway);
    expect((await postAuth(gateway, 'logout', { cookie: refreshToken })).status).toBe(204);
    expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(401);
  });

  it('limits logins per username in Redis, with Retry-After', async () => {
    const gateway = await redisGateway(
      'rateLimit: { login: { perUsername: { limit: 2, window: 5s } } }',
    );
    const username = `user-${Math.random().toString(36).slice(2)}`;
    for (let i = 0; i < 2; i++) {
      expect((await postLogin(gateway, { username, password: 'x' })).status).toBe(401);
    }
    const blocked = await postLogin(gateway, { username, password: 'x' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(5);
  });
});
