import { afterEach, expect, it } from 'vitest';
import { systemClock } from '../../../src/lib/clock.js';
import {
  createRevocationMirror,
  type RevocationMirror,
} from '../../../src/revocation/revocation-mirror.js';
import { redisKeys } from '../../../src/store/redis/keys.js';
import type { Store } from '../../../src/store/store.js';
import { uniqueKeyPrefix } from '../../helpers/redis-env.js';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import { manualScheduler } from '../../unit/revocation/mirror-fixtures.js';

// A mirror on real Redis confirms itself complete with one read of the revocation counter, not a
// listing of the whole set, while the message numbers run unbroken; when the counter disagrees
// (here: the store lost it) it lists again.

const MINUTE = 60_000;
const query = (sid: string) => ({ sid, jti: 'j', sub: 'u', issuedAt: 0 });

describeEachRedis('revocation mirror: sequence numbers instead of listings', (target) => {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
  });

  async function counted(keyPrefix: string) {
    const store = await target.openStore(keyPrefix);
    open.push(store);
    const calls = { lists: 0 };
    const watched: Store = {
      ...store,
      revocationLog: {
        ...store.revocationLog,
        listRevocations: (now) => {
          calls.lists += 1;
          return store.revocationLog.listRevocations(now);
        },
      },
    };
    return { store: watched, calls };
  }

  async function startedMirror(store: Store) {
    const scheduler = manualScheduler();
    const clock = systemClock;
    const mirror: RevocationMirror = createRevocationMirror({
      store: store.revocationLog,
      clock,
      maxStalenessMs: 5000,
      scheduler,
    });
    await mirror.start();
    open.push({ close: () => mirror.stop() });
    return { mirror, scheduler };
  }

  it('reconciles with a counter read while in step, and lists when the counter disagrees', async () => {
    const keyPrefix = uniqueKeyPrefix();
    const { store, calls } = await counted(keyPrefix);
    const peer = await target.openStore(keyPrefix);
    open.push(peer);
    const { mirror, scheduler } = await startedMirror(store);
    expect(calls.lists).toBe(1); // the start-up listing

    const now = Date.now();
    for (const sid of ['a', 'b', 'c']) await peer.sessions.revokeSession(sid, now, now + MINUTE);
    await expect.poll(() => mirror.check(query('c'), Date.now())).toBe('session');
    await scheduler.run();
    await scheduler.run();
    expect(calls.lists).toBe(1);
    expect(mirror.status(Date.now())).toBe('ok');

    // The store loses its counter (a flush, a failover that lost writes): the next reconcile lists.
    const admin = target.admin();
    try {
      await admin.del(redisKeys(keyPrefix).revocationSeq());
    } finally {
      await admin.quit();
    }
    await scheduler.run();
    expect(calls.lists).toBe(2);
    expect(mirror.check(query('a'), Date.now())).toBe('session');
    // In step again from that listing on.
    await peer.sessions.revokeSession('d', now, now + MINUTE);
    await expect.poll(() => mirror.check(query('d'), Date.now())).toBe('session');
    await scheduler.run();
    expect(calls.lists).toBe(2);
    await target.deleteKeys(keyPrefix);
  });
});
