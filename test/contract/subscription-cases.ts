import { expect, it } from 'vitest';
import type { Revocation } from '../../src/store/revocation-log.js';
import { keySet } from './key-set-cases.js';
import { type ContractContext, MINUTE } from './contract-fixtures.js';
import { recordingListener, settle, until } from './revocation-fixtures.js';

/** RevocationLog.subscribe: the stream every mirror follows. */
export function subscriptionCases(t: ContractContext): void {
  it('subscribe: calls connected before it resolves', async () => {
    const listener = recordingListener();
    const subscription = await t.store().revocationLog.subscribe(listener);
    expect(listener.events).toEqual(['connected']);
    await subscription.close();
  });

  it('subscribe: delivers a revocation once it can be listed, as published', async () => {
    const now = Date.now();
    const published: Revocation = {
      kind: 'user',
      sub: 'erin',
      notBefore: now,
      forgetAt: now + MINUTE,
    };
    let listedWhenTold: Revocation[] | undefined;
    const listener = recordingListener();
    const subscription = await t.store().revocationLog.subscribe({
      ...listener,
      revocation(revocation) {
        listener.revocation(revocation);
        void t
          .store()
          .revocationLog.listRevocations(now)
          .then((list) => (listedWhenTold = list));
      },
    });
    await t.store().revocationLog.publishRevocation(published, now);
    await until(() => listedWhenTold !== undefined);
    expect(listener.revocations).toEqual([published]);
    expect(listedWhenTold).toEqual([published]);
    await subscription.close();
  });

  it('revocationSeq: each recorded revocation takes the next number, and its message carries it', async () => {
    const now = Date.now();
    const seqs: Array<number | undefined> = [];
    const listener = recordingListener();
    const subscription = await t.store().revocationLog.subscribe({
      ...listener,
      revocation(revocation, publishedAt, seq) {
        listener.revocation(revocation, publishedAt, seq);
        seqs.push(seq);
      },
    });
    const before = await t.store().revocationLog.revocationSeq();
    await t
      .store()
      .revocationLog.publishRevocation({ kind: 'token', jti: 'n1', forgetAt: now + MINUTE }, now);
    await t.store().sessions.revokeSession('sid-n2', now, now + MINUTE);
    // Not recorded (already forgettable): no number, no message.
    await t
      .store()
      .revocationLog.publishRevocation({ kind: 'token', jti: 'n3', forgetAt: now }, now);
    await until(() => seqs.length === 2);
    await settle();
    expect(seqs).toEqual([before + 1, before + 2]);
    expect(await t.store().revocationLog.revocationSeq()).toBe(before + 2);
    await subscription.close();
  });

  it('subscribe: a subscriber sees a revocation published by another store instance', async () => {
    const now = Date.now();
    const listener = recordingListener();
    const subscription = await t.store().revocationLog.subscribe(listener);
    const peer = await t.peer();
    await peer.sessions.revokeSession('sid-from-peer', now, now + MINUTE);
    await until(() => listener.revocations.length === 1);
    expect(listener.revocations).toEqual([
      { kind: 'session', sid: 'sid-from-peer', forgetAt: now + MINUTE },
    ]);
    await subscription.close();
  });

  it('subscribe: every subscriber is told, and none after it closed', async () => {
    const now = Date.now();
    const [first, second] = [recordingListener(), recordingListener()];
    const closing = await t.store().revocationLog.subscribe(first);
    const staying = await t.store().revocationLog.subscribe(second);
    await closing.close();
    await t
      .store()
      .revocationLog.publishRevocation({ kind: 'token', jti: 'j1', forgetAt: now + MINUTE }, now);
    await until(() => second.revocations.length === 1);
    await settle();
    expect(first.events).toEqual(['connected']);
    await staying.close();
  });

  it('subscribe: tells nothing of a revocation that was not recorded', async () => {
    const now = Date.now();
    const listener = recordingListener();
    const subscription = await t.store().revocationLog.subscribe(listener);
    await t
      .store()
      .revocationLog.publishRevocation({ kind: 'token', jti: 'stale', forgetAt: now }, now);
    await t
      .store()
      .revocationLog.publishRevocation(
        { kind: 'token', jti: 'fresh', forgetAt: now + MINUTE },
        now,
      );
    await until(() => listener.revocations.length > 0);
    await settle();
    expect(listener.events).toEqual(['connected', 'revocation:fresh']);
    await subscription.close();
  });

  it('subscribe: connected fires again after the subscriber connection is cut, and messages flow again', async (context) => {
    if (!t.dropSubscriptions) return context.skip();
    const now = Date.now();
    const listener = recordingListener();
    const subscription = await t.store().revocationLog.subscribe(listener);
    await t.dropSubscriptions();
    await until(() => listener.events.filter((e) => e === 'connected').length === 2);
    expect(listener.events).toEqual(['connected', 'disconnected', 'connected']);
    await t
      .store()
      .revocationLog.publishRevocation(
        { kind: 'session', sid: 'after', forgetAt: now + MINUTE },
        now,
      );
    await until(() => listener.revocations.length === 1);
    await subscription.close();
  });

  it('subscribe: hears no key-set change (the key-set feed is its own)', async () => {
    const listener = recordingListener();
    const subscription = await t.store().revocationLog.subscribe(listener);
    await t.store().keySets.compareAndSetKeySet(0, keySet(1));
    await settle();
    expect(listener.events).toEqual(['connected']);
    await subscription.close();
  });
}
