import { expect, it } from 'vitest';
import type { Revocation, StoredKeySet } from '../../src/store/revocation.js';
import { type ContractContext, MINUTE } from './contract-fixtures.js';
import { recordingListener, settle, until } from './revocation-fixtures.js';

const keySet = (version: number, kid = `k${version}`): StoredKeySet => ({
  version,
  keys: [
    {
      jwk: { kty: 'OKP', crv: 'Ed25519', kid, d: 'private', x: 'public' },
      createdAt: 1,
      retiredAt: null,
    },
  ],
});

/** subscribe, loadKeySet and compareAndSetKeySet: the stream every mirror and keyring follows. */
export function subscriptionCases(t: ContractContext): void {
  it('subscribe: calls connected before it resolves', async () => {
    const listener = recordingListener();
    const subscription = await t.store().subscribe(listener);
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
    const subscription = await t.store().subscribe({
      ...listener,
      revocation(revocation) {
        listener.revocation(revocation);
        void t
          .store()
          .listRevocations(now)
          .then((list) => (listedWhenTold = list));
      },
    });
    await t.store().publishRevocation(published, now);
    await until(() => listedWhenTold !== undefined);
    expect(listener.revocations).toEqual([published]);
    expect(listedWhenTold).toEqual([published]);
    await subscription.close();
  });

  it('revocationSeq: each recorded revocation takes the next number, and its message carries it', async () => {
    const now = Date.now();
    const seqs: Array<number | undefined> = [];
    const listener = recordingListener();
    const subscription = await t.store().subscribe({
      ...listener,
      revocation(revocation, publishedAt, seq) {
        listener.revocation(revocation, publishedAt, seq);
        seqs.push(seq);
      },
    });
    const before = await t.store().revocationSeq();
    await t.store().publishRevocation({ kind: 'token', jti: 'n1', forgetAt: now + MINUTE }, now);
    await t.store().revokeSession('sid-n2', now, now + MINUTE);
    // Not recorded (already forgettable): no number, no message.
    await t.store().publishRevocation({ kind: 'token', jti: 'n3', forgetAt: now }, now);
    await until(() => seqs.length === 2);
    await settle();
    expect(seqs).toEqual([before + 1, before + 2]);
    expect(await t.store().revocationSeq()).toBe(before + 2);
    await subscription.close();
  });

  it('subscribe: a subscriber sees a revocation published by another store instance', async () => {
    const now = Date.now();
    const listener = recordingListener();
    const subscription = await t.store().subscribe(listener);
    const peer = await t.peer();
    await peer.revokeSession('sid-from-peer', now, now + MINUTE);
    await until(() => listener.revocations.length === 1);
    expect(listener.revocations).toEqual([
      { kind: 'session', sid: 'sid-from-peer', forgetAt: now + MINUTE },
    ]);
    await subscription.close();
  });

  it('subscribe: every subscriber is told, and none after it closed', async () => {
    const now = Date.now();
    const [first, second] = [recordingListener(), recordingListener()];
    const closing = await t.store().subscribe(first);
    const staying = await t.store().subscribe(second);
    await closing.close();
    await t.store().publishRevocation({ kind: 'token', jti: 'j1', forgetAt: now + MINUTE }, now);
    await until(() => second.revocations.length === 1);
    await settle();
    expect(first.events).toEqual(['connected']);
    await staying.close();
  });

  it('subscribe: tells nothing of a revocation that was not recorded', async () => {
    const now = Date.now();
    const listener = recordingListener();
    const subscription = await t.store().subscribe(listener);
    await t.store().publishRevocation({ kind: 'token', jti: 'stale', forgetAt: now }, now);
    await t.store().publishRevocation({ kind: 'token', jti: 'fresh', forgetAt: now + MINUTE }, now);
    await until(() => listener.revocations.length > 0);
    await settle();
    expect(listener.events).toEqual(['connected', 'revocation:fresh']);
    await subscription.close();
  });

  it('subscribe: connected fires again after the subscriber connection is cut, and messages flow again', async (context) => {
    if (!t.dropSubscriptions) return context.skip();
    const now = Date.now();
    const listener = recordingListener();
    const subscription = await t.store().subscribe(listener);
    await t.dropSubscriptions();
    await until(() => listener.events.filter((e) => e === 'connected').length === 2);
    expect(listener.events).toEqual(['connected', 'disconnected', 'connected']);
    await t
      .store()
      .publishRevocation({ kind: 'session', sid: 'after', forgetAt: now + MINUTE }, now);
    await until(() => listener.revocations.length === 1);
    await subscription.close();
  });

  it('loadKeySet: null while none was stored', async () => {
    expect(await t.store().loadKeySet()).toBeNull();
  });

  it('compareAndSetKeySet: stores a set over the expected version and tells every subscriber', async () => {
    const listener = recordingListener();
    const subscription = await t.store().subscribe(listener);
    const peer = await t.peer();
    expect(await peer.compareAndSetKeySet(0, keySet(1))).toBe(true);
    expect(await t.store().loadKeySet()).toEqual(keySet(1));
    expect(await peer.compareAndSetKeySet(1, keySet(2))).toBe(true);
    expect(await t.store().loadKeySet()).toEqual(keySet(2));
    await until(() => listener.events.length === 3);
    expect(listener.events).toEqual(['connected', 'keys-changed', 'keys-changed']);
    await subscription.close();
  });

  it('compareAndSetKeySet: false when the stored version is not the expected one, nothing changed', async () => {
    await t.store().compareAndSetKeySet(0, keySet(1));
    expect(await t.store().compareAndSetKeySet(0, keySet(2, 'other'))).toBe(false);
    expect(await t.store().compareAndSetKeySet(2, keySet(3, 'other'))).toBe(false);
    expect(await t.store().loadKeySet()).toEqual(keySet(1));
  });

  it('compareAndSetKeySet: of concurrent writers from one version, exactly one wins', async () => {
    await t.store().compareAndSetKeySet(0, keySet(1));
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.store().compareAndSetKeySet(1, keySet(2, `w${i}`))),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = outcomes.indexOf(true);
    expect(await t.store().loadKeySet()).toEqual(keySet(2, `w${winner}`));
  });

  it('compareAndSetKeySet: refuses a set whose version is not higher (TypeError)', async () => {
    await expect(t.store().compareAndSetKeySet(1, keySet(1))).rejects.toThrow(TypeError);
    expect(await t.store().loadKeySet()).toBeNull();
  });
}
