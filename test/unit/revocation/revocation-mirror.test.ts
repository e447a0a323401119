import { beforeEach, describe, expect, it } from 'vitest';
import {
  createRevocationMirror,
  type RevocationMirror,
} from '../../../src/revocation/revocation-mirror.js';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import type { Store } from '../../../src/store/store.js';
import { fakeClock, type FakeClock } from '../../helpers/fake-clock.js';
import {
  type LossControl,
  lossyStore,
  type ManualScheduler,
  manualScheduler,
} from './mirror-fixtures.js';

const MAX_STALENESS = 5000;
const query = (sid: string) => ({ sid, jti: 'j', sub: 'u', issuedAt: 0 });

let clock: FakeClock;
let base: Store;
let store: Store;
let control: LossControl;
let scheduler: ManualScheduler;
let mirror: RevocationMirror;

const revoke = (sid: string, forgetMs = 60_000) =>
  base.sessions.revokeSession(sid, clock.now(), clock.now() + forgetMs);
const mirrorOf = (s: Store) =>
  createRevocationMirror({
    store: s.revocationLog,
    clock,
    maxStalenessMs: MAX_STALENESS,
    scheduler,
  });

describe('revocation mirror over a subscription that can lose messages', () => {
  beforeEach(async () => {
    clock = fakeClock();
    base = createMemoryStore();
    ({ store, control } = lossyStore(base));
    scheduler = manualScheduler();
    mirror = mirrorOf(store);
  });

  it('holds what the store had before it started, in sync once start resolves', async () => {
    await revoke('before-start');
    expect(mirror.status(clock.now())).toBe('starting');
    await mirror.start();
    expect(mirror.check(query('before-start'), clock.now())).toBe('session');
    expect(mirror.status(clock.now())).toBe('ok');
  });

  it('applies a published revocation at once, with no store call', async () => {
    await mirror.start();
    const lists = control.lists;
    await revoke('s1');
    expect(mirror.check(query('s1'), clock.now())).toBe('session');
    expect(mirror.check(query('s2'), clock.now())).toBeNull();
    expect(control.lists).toBe(lists);
  });

  it('recovers a message lost while disconnected by resyncing on reconnect', async () => {
    await mirror.start();
    control.cut();
    await revoke('while-down');
    expect(mirror.check(query('while-down'), clock.now())).toBeNull();
    control.restore();
    await mirror.reconcile(); // waits for the resync the reconnect started
    expect(mirror.check(query('while-down'), clock.now())).toBe('session');
  });

  /** Starts a listing, as a reconnect does, and resolves once it was taken. */
  const listingInFlight = () => {
    control.holdLists = true;
    control.cut();
    control.restore(); // the reconnect starts a listing, held until release()
    return mirror.reconcile(); // waits for it
  };

  it('keeps a message that arrives while a listing is in flight', async () => {
    await mirror.start();
    const reconciling = listingInFlight();
    await revoke('during-listing'); // recorded after the listing was taken
    control.holdLists = false;
    control.release();
    await reconciling;
    expect(mirror.check(query('during-listing'), clock.now())).toBe('session');
  });

  it('reconciles every maxStaleness/3 with one counter read, not a listing, when nothing was missed', async () => {
    await mirror.start();
    expect(scheduler.intervals).toEqual([Math.floor(MAX_STALENESS / 3)]);
    await revoke('s1');
    await revoke('s2');
    const [lists, seqReads] = [control.lists, control.seqReads];
    clock.advance(MAX_STALENESS);
    await scheduler.run();
    expect(control.lists).toBe(lists);
    expect(control.seqReads).toBe(seqReads + 1);
    clock.advance(MAX_STALENESS);
    expect(mirror.status(clock.now())).toBe('ok');
  });

  it('lists at once when a message number is skipped: one was lost without a disconnect', async () => {
    await mirror.start();
    control.dropNext = true;
    await revoke('lost');
    expect(mirror.check(query('lost'), clock.now())).toBeNull();
    const lists = control.lists;
    await revoke('next'); // its number skips the lost one's: no reconcile needed
    await expect.poll(() => mirror.check(query('lost'), clock.now())).toBe('session');
    expect(control.lists).toBe(lists + 1);
  });

  it('lists on reconcile when the last message was lost: the counter is ahead', async () => {
    await mirror.start();
    control.dropNext = true;
    await revoke('lost');
    const lists = control.lists;
    await scheduler.run();
    expect(control.lists).toBe(lists + 1);
    expect(mirror.check(query('lost'), clock.now())).toBe('session');
  });

  it('lists on reconcile after a message without a number (an older publisher), then counts again', async () => {
    await mirror.start();
    control.stripSeq = true;
    await revoke('old-publisher');
    control.stripSeq = false;
    const lists = control.lists;
    await scheduler.run();
    expect(control.lists).toBe(lists + 1);
    await revoke('new-publisher');
    await scheduler.run();
    expect(control.lists).toBe(lists + 1);
  });

  it('counts from the listing, with the messages that arrived while it was in flight', async () => {
    await mirror.start();
    const reconciling = listingInFlight();
    await revoke('during-listing');
    control.holdLists = false;
    control.release();
    await reconciling;
    const lists = control.lists;
    await scheduler.run();
    expect(control.lists).toBe(lists);
    expect(mirror.status(clock.now())).toBe('ok');
  });

  it('goes stale past maxStaleness without a confirmed listing, and fresh again with one', async () => {
    await mirror.start();
    clock.advance(MAX_STALENESS);
    expect(mirror.status(clock.now())).toBe('ok');
    clock.advance(1);
    expect(mirror.status(clock.now())).toBe('stale');
    await scheduler.run();
    expect(mirror.status(clock.now())).toBe('ok');
  });

  it('stays stale while listings fail, and recovers once they succeed', async () => {
    await mirror.start();
    control.failLists = true;
    clock.advance(MAX_STALENESS + 1);
    await scheduler.run();
    expect(mirror.status(clock.now())).toBe('stale');
    control.failLists = false;
    await scheduler.run();
    expect(mirror.status(clock.now())).toBe('ok');
  });

  it('confirms nothing while unsubscribed: a listing then may miss what follows it', async () => {
    await mirror.start();
    control.cut();
    clock.advance(MAX_STALENESS + 1);
    await scheduler.run();
    expect(mirror.status(clock.now())).toBe('stale');
    control.restore();
    await mirror.reconcile();
    expect(mirror.status(clock.now())).toBe('ok');
  });

  it('replaces its set with the listed one: what the store no longer has is gone', async () => {
    await mirror.start();
    await revoke('s1');
    await base.close(); // the store lost everything (a Redis restart without persistence)
    await scheduler.run();
    expect(mirror.check(query('s1'), clock.now())).toBeNull();
  });

  it('drops entries past their forgetAt on reconcile, bounding memory', async () => {
    await mirror.start();
    await revoke('brief', 1000);
    await revoke('long', 60_000);
    expect(mirror.size()).toBe(2);
    clock.advance(1000);
    await scheduler.run();
    expect(mirror.size()).toBe(1);
  });

  it('drops entries past their forgetAt even when the listing fails', async () => {
    await mirror.start();
    await revoke('brief', 1000);
    control.failLists = true;
    clock.advance(1000);
    await scheduler.run();
    expect(mirror.size()).toBe(0);
  });

  it('stops: no more reconciles, no more messages', async () => {
    await mirror.start();
    await mirror.stop();
    const lists = control.lists;
    await scheduler.run();
    await revoke('after-stop');
    expect(control.lists).toBe(lists);
    expect(mirror.check(query('after-stop'), clock.now())).toBeNull();
  });
});

describe('revocation mirror over the in-process memory store (lossless)', () => {
  beforeEach(() => {
    clock = fakeClock();
    base = createMemoryStore();
    scheduler = manualScheduler();
    mirror = mirrorOf(base);
  });

  it('is never stale while subscribed: nothing can be missed', async () => {
    await mirror.start();
    clock.advance(60 * 60_000);
    expect(mirror.status(clock.now())).toBe('ok');
    await revoke('s1');
    expect(mirror.check(query('s1'), clock.now())).toBe('session');
  });

  it('reconciles by sweeping only, without listing', async () => {
    await mirror.start();
    await revoke('brief', 1000);
    const listed = { count: 0 };
    const list = base.revocationLog.listRevocations;
    base.revocationLog.listRevocations = async (now) => {
      listed.count += 1;
      return list(now);
    };
    clock.advance(1000);
    await scheduler.run();
    expect(listed.count).toBe(0);
    expect(mirror.size()).toBe(0);
  });
});
