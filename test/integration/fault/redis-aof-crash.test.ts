import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/adapters/node/create-store.js';
import type { IdentitySource } from '../../../src/identity/identity-source.js';
import { systemClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { Store } from '../../../src/store/store.js';
import { describeWithRedis, untilAnswering } from '../../helpers/redis-env.js';
import {
  startPrivateRedis,
  type PrivateRedis,
  type PrivateRedisOptions,
} from '../../helpers/redis-server.js';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';
import { expectSeedsKept, writeSeeds } from './durable-writes.js';
import { gatewayCalls, passwordOf, type GatewayCalls } from './gateway-calls.js';

// Issue #5: Redis killed with SIGKILL (a crash: no shutdown, no final save) and started again on
// the same data directory. With `appendonly yes` + `appendfsync always` every write Redis
// acknowledged is in the AOF, so sessions, refresh rotations, context and revocations written
// before the crash are all there after it. A process crash cannot tell `always` from `everysec`
// (both have handed the data to the kernel); they differ on a host crash, which a test cannot
// stage: README "Durability". The control case shows RDB snapshots alone lose it all.

const ADMIN_KEY = `gha_${randomBytes(32).toString('base64url')}`;

const users: IdentitySource = {
  authenticate: async (username, password) =>
    ['alice', 'bob'].includes(username) && password === passwordOf(username)
      ? { sub: username, scope: ['read:api'], claims: {} }
      : null,
};

/** A gateway on a private Redis, serving for real; `restart()` crashes and restarts Redis. */
interface CrashRig {
  redis: PrivateRedis;
  store: Store;
  calls: GatewayCalls;
  /** A second gateway on its own store client: its revocation mirror loads from the store. */
  mirrored(): Promise<GatewayCalls>;
  crash(): Promise<void>;
  close(): Promise<void>;
}

async function startRig(persistence: PrivateRedisOptions): Promise<CrashRig> {
  const redis = await startPrivateRedis(persistence);
  const upstream: UpstreamServer = await startUpstreamServer();
  const stores: Store[] = [];
  const gateways: ServedGateway[] = [];
  const serve = async (mode: 'lookup' | 'mirror') => {
    const store = createStore({ kind: 'redis', url: redis.url, keyPrefix: 'gh:' }, silentLogger);
    stores.push(store);
    await untilAnswering(() => store.ping());
    const sha256 = createHash('sha256').update(ADMIN_KEY).digest('hex');
    const served = await serveGateway(
      `
sessions: { allowRefreshTokenInBody: true, refreshReuseGrace: 1m }
revocation: { mode: ${mode} }
admin: { keys: [{ name: crash-test, sha256: "${sha256}" }] }
routes:
  - { name: ses, match: { path: /ses/* }, upstream: "${upstream.origin}", policy: session }
`,
      { store, clock: systemClock, identitySources: [users] },
    );
    gateways.push(served);
    return gatewayCalls(served.url, `Bearer ${ADMIN_KEY}`);
  };
  // Lookup mode: session routes read revocations from Redis on every request, not from memory.
  const calls = await serve('lookup');
  return {
    redis,
    store: stores[0]!,
    calls,
    mirrored: () => serve('mirror'),
    crash: async () => {
      await redis.kill();
      // Really down: the gateway cannot write a session now.
      expect((await calls.tryLogin('alice')).status).toBe(503);
      await redis.restart();
      await untilAnswering(() => stores[0]!.ping());
    },
    close: async () => {
      for (const served of gateways) await served.close();
      await Promise.all(stores.map((store) => store.close()));
      await upstream.close();
      await redis.stop();
    },
  };
}

describeWithRedis('Redis killed with SIGKILL and restarted on its data directory', () => {
  describe('with appendonly yes and appendfsync always', () => {
    let rig: CrashRig;
    beforeAll(async () => {
      rig = await startRig({ aof: 'always' });
    });
    afterAll(() => rig?.close());

    it('keeps sessions, refresh rotations, context and revocations written before the crash', async () => {
      const { calls } = rig;
      const seeds = await writeSeeds(calls);
      await rig.crash();

      // The rotated-out token, within the reuse grace, still gets the pair it was rotated to.
      const replay = await calls.refresh(seeds.live.refreshToken);
      expect(replay.status).toBe(200);
      expect(((await replay.json()) as { refresh_token: string }).refresh_token).toBe(
        seeds.liveRefresh,
      );
      await expectSeedsKept(calls, rig.store, seeds);
      const elsewhere = await rig.mirrored();
      for (const token of [seeds.endedSession.token, seeds.revokedToken.token, seeds.bob.token]) {
        expect((await elsewhere.withToken('/ses/probe', token)).status).toBe(401);
      }

      // Two rotations on, the first token is reuse: the session is revoked, and that is stored.
      const { sid } = seeds.live;
      expect((await calls.admin('GET', `/sessions/${sid}`)).status).toBe(200);
      expect((await calls.refresh(seeds.live.refreshToken)).status).toBe(401);
      expect((await calls.admin('GET', `/sessions/${sid}`)).status).toBe(404);
      expect(await rig.store.revocationLog.listRevocations(Date.now())).toContainEqual(
        expect.objectContaining({ kind: 'session', sid }),
      );
    });
  });

  describe('with RDB snapshots only (the default schedule), as a control', () => {
    let rig: CrashRig;
    beforeAll(async () => {
      rig = await startRig({ save: '3600 1 300 100 60 10000' });
    });
    afterAll(() => rig?.close());

    it('loses every session written since the last snapshot', async () => {
      const alice = await rig.calls.login('alice');
      expect((await rig.calls.withToken('/auth/session', alice.token)).status).toBe(200);
      await rig.crash();
      expect((await rig.calls.withToken('/auth/session', alice.token)).status).toBe(401);
      expect((await rig.calls.refresh(alice.refreshToken)).status).toBe(401);
    });
  });
});
