import { expect, it } from 'vitest';
import type { StoredKeySet } from '../../src/store/key-set-store.js';
import { type ContractContext, MINUTE } from './contract-fixtures.js';
import { recordingListener, settle, until } from './revocation-fixtures.js';

/** A one-key set at `version`. */
export const keySet = (version: number, kid = `k${version}`): StoredKeySet => ({
  version,
  keys: [
    {
      jwk: { kty: 'OKP', crv: 'Ed25519', kid, d: 'private', x: 'public' },
      createdAt: 1,
      retiredAt: null,
    },
  ],
});

/** KeySetStore: loadKeySet, compareAndSetKeySet and the change feed every keyring follows. */
export function keySetCases(t: ContractContext): void {
  it('watchKeySet: calls connected before it resolves', async () => {
    const listener = recordingListener();
    const subscription = await t.store().keySets.watchKeySet(listener);
    expect(listener.events).toEqual(['connected']);
    await subscription.close();
  });

  it('watchKeySet: hears no revocation, and nothing once closed', async () => {
    const now = Date.now();
    const listener = recordingListener();
    const subscription = await t.store().keySets.watchKeySet(listener);
    await t
      .store()
      .revocationLog.publishRevocation(
        { kind: 'session', sid: 'not-a-key', forgetAt: now + MINUTE },
        now,
      );
    await subscription.close();
    await t.store().keySets.compareAndSetKeySet(0, keySet(1));
    await settle();
    expect(listener.events).toEqual(['connected']);
  });

  it('watchKeySet: connected fires again after the connection is cut, and changes flow again', async (context) => {
    if (!t.dropSubscriptions) return context.skip();
    const listener = recordingListener();
    const subscription = await t.store().keySets.watchKeySet(listener);
    await t.dropSubscriptions();
    await until(() => listener.events.filter((e) => e === 'connected').length === 2);
    await t.store().keySets.compareAndSetKeySet(0, keySet(1));
    await until(() => listener.events.includes('keys-changed'));
    expect(listener.events).toEqual(['connected', 'connected', 'keys-changed']);
    await subscription.close();
  });

  it('loadKeySet: null while none was stored', async () => {
    expect(await t.store().keySets.loadKeySet()).toBeNull();
  });

  it('compareAndSetKeySet: stores a set over the expected version and tells every watcher', async () => {
    const listener = recordingListener();
    const subscription = await t.store().keySets.watchKeySet(listener);
    const peer = await t.peer();
    expect(await peer.keySets.compareAndSetKeySet(0, keySet(1))).toBe(true);
    expect(await t.store().keySets.loadKeySet()).toEqual(keySet(1));
    expect(await peer.keySets.compareAndSetKeySet(1, keySet(2))).toBe(true);
    expect(await t.store().keySets.loadKeySet()).toEqual(keySet(2));
    await until(() => listener.events.length === 3);
    expect(listener.events).toEqual(['connected', 'keys-changed', 'keys-changed']);
    await subscription.close();
  });

  it('compareAndSetKeySet: false when the stored version is not the expected one, nothing changed', async () => {
    await t.store().keySets.compareAndSetKeySet(0, keySet(1));
    expect(await t.store().keySets.compareAndSetKeySet(0, keySet(2, 'other'))).toBe(false);
    expect(await t.store().keySets.compareAndSetKeySet(2, keySet(3, 'other'))).toBe(false);
    expect(await t.store().keySets.loadKeySet()).toEqual(keySet(1));
  });

  it('compareAndSetKeySet: of concurrent writers from one version, exactly one wins', async () => {
    await t.store().keySets.compareAndSetKeySet(0, keySet(1));
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.store().keySets.compareAndSetKeySet(1, keySet(2, `w${i}`)),
      ),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = outcomes.indexOf(true);
    expect(await t.store().keySets.loadKeySet()).toEqual(keySet(2, `w${winner}`));
  });

  it('compareAndSetKeySet: refuses a set whose version is not higher (TypeError)', async () => {
    await expect(t.store().keySets.compareAndSetKeySet(1, keySet(1))).rejects.toThrow(TypeError);
    expect(await t.store().keySets.loadKeySet()).toBeNull();
  });
}
