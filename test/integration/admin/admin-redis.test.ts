import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSigningKeysFor } from '../../../src/adapters/node/keys/start-signing-keys.js';
import { systemClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { createFetchTransport } from '../../../src/proxy/fetch-transport.js';
import type { Store } from '../../../src/store/store.js';
import type { FakeClock } from '../../helpers/fake-clock.js';
import { uniqueKeyPrefix } from '../../helpers/redis-env.js';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import { testConfig, testGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { adminConfig, kidOf, OPS_KEY } from '../../unit/api/admin/admin-fixtures.js';

// README "Tokens and keys" and "Admin API" on a real Redis: gateways on separate store clients (as
// separate instances are) share the key set kept in the store; what one does through the admin API
// holds on the other.

const CONFIG = `${adminConfig()}\ntokens: { keys: { source: store } }`;

describeEachRedis('admin API and key rotation across instances on one Redis', (target) => {
  const keyPrefix = uniqueKeyPrefix();
  const stores: Store[] = [];
  const gateways: TestGateway[] = [];
  let a: TestGateway;
  let b: TestGateway;

  /** A gateway on its own Redis client, its signing keys started from the store like buildDeps does. */
  async function instance(options: { follow: boolean }): Promise<TestGateway> {
    const store = await target.openStore(keyPrefix);
    stores.push(store);
    const config = testConfig(CONFIG);
    const signingKeys = await startSigningKeysFor(config, {
      store,
      clock: systemClock,
      logger: silentLogger,
      env: {},
    });
    // The gateway follows the store's key-set feed itself (source: store); a deaf instance's feed
    // never says a word, as if every change notice were lost.
    const deafKeySets = {
      ...store.keySets,
      watchKeySet: async () => ({ lossless: false, close: async () => {} }),
    };
    const fakeFetch = (async () => new Response('upstream ok')) as typeof fetch;
    const gateway = await testGateway(CONFIG, {
      store: options.follow ? store : { ...store, keySets: deafKeySets },
      clock: systemClock as FakeClock,
      keyring: signingKeys.keyring,
      signingKeys,
      upstream: createFetchTransport(fakeFetch),
    });
    gateways.push(gateway);
    return gateway;
  }

  beforeAll(async () => {
    a = await instance({ follow: true });
    b = await instance({ follow: true });
  });

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await Promise.all(stores.map((store) => store.close()));
    await target.deleteKeys(keyPrefix);
  });

  const admin = (gw: TestGateway, method: string, path: string, body?: unknown) =>
    gw.app.request(`/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${OPS_KEY.key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const mint = async (gw: TestGateway) => {
    const response = await admin(gw, 'POST', '/sessions', { sub: 'user-redis', scope: 'read' });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as { access_token: string; refresh_token: string; sid: string };
  };
  const jwksKids = async (gw: TestGateway) =>
    (
      (await (await gw.app.request('/.well-known/jwks.json')).json()) as {
        keys: Array<{ kid: string }>;
      }
    ).keys.map((key) => key.kid);
  const callApi = (gw: TestGateway, token: string) =>
    gw.app.request('/api/x', { headers: { authorization: `Bearer ${token}` } });

  it('starts the second instance on the key set the first one stored', async () => {
    expect(b.deps.keyring.active.kid).toBe(a.deps.keyring.active.kid);
  });

  it('rotates through A: B lists both keys and signs with the new one after keysChanged', async () => {
    const before = await mint(b);
    const response = await admin(a, 'POST', '/keys/rotate');
    expect(response.status, await response.clone().text()).toBe(200);
    const { kid, previous } = (await response.json()) as { kid: string; previous: string[] };
    expect(previous).toContain(kidOf(before.access_token));
    await expect
      .poll(() => jwksKids(b), { timeout: 2000, interval: 20 })
      .toEqual([kid, ...previous]);
    const after = await mint(b);
    expect(kidOf(after.access_token)).toBe(kid);
    for (const gw of [a, b]) {
      expect((await callApi(gw, before.access_token)).status).toBe(200);
      expect((await callApi(gw, after.access_token)).status).toBe(200);
    }
  });

  it('lets an instance that missed keysChanged verify a new-key token at once (unknown-kid reload)', async () => {
    const deaf = await instance({ follow: false });
    const response = await admin(a, 'POST', '/keys/rotate');
    const { kid } = (await response.json()) as { kid: string };
    expect(deaf.deps.keyring.active.kid).not.toBe(kid);
    const fromA = await mint(a);
    expect((await callApi(deaf, fromA.access_token)).status).toBe(200);
    expect(kidOf((await mint(deaf)).access_token)).toBe(kid);
    expect(await jwksKids(deaf)).toContain(kid);
  });

  it('revokes through B what was minted through A: refresh fails, the store forgets the session', async () => {
    const minted = await mint(a);
    const listed = await admin(b, 'GET', '/users/user-redis/sessions');
    const { sessions } = (await listed.json()) as { sessions: Array<{ sid: string }> };
    expect(sessions.map((s) => s.sid)).toContain(minted.sid);
    expect((await admin(b, 'DELETE', `/sessions/${minted.sid}`)).status).toBe(204);
    expect(await a.deps.store.sessions.getSession(minted.sid, Date.now())).toBeNull();
    const refresh = await a.app.request('/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: minted.refresh_token }),
    });
    expect(refresh.status).toBe(401);
    expect(await a.deps.store.revocationLog.listRevocations(Date.now())).toContainEqual(
      expect.objectContaining({ kind: 'session', sid: minted.sid }),
    );
  });

  it('revokes a user and a jti through B, published in the shared store', async () => {
    await mint(a);
    await mint(a);
    const revoke = await admin(b, 'DELETE', '/users/user-redis/sessions');
    expect(((await revoke.json()) as { revoked: number }).revoked).toBeGreaterThanOrEqual(2);
    expect(await a.deps.store.sessions.listUserSessions('user-redis', Date.now())).toEqual([]);
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect((await admin(b, 'POST', '/revocations', { jti: 'redis-jti', exp })).status).toBe(204);
    const revocations = await a.deps.store.revocationLog.listRevocations(Date.now());
    expect(revocations).toContainEqual(
      expect.objectContaining({ kind: 'user', sub: 'user-redis' }),
    );
    expect(revocations).toContainEqual(
      expect.objectContaining({ kind: 'token', jti: 'redis-jti' }),
    );
  });
});
