import { describe, expect, it } from 'vitest';
import type { StoredKeySet } from '../../../src/store/key-set-store.js';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import {
  type KeySetStorage,
  readOnlyKeySetStorage,
  storeKeySetStorage,
} from '../../../src/keys/key-set-storage.js';
import { generateSigningKey } from '../../../src/keys/jwk.js';
import type { SigningAlgorithm } from '../../../src/keys/keyring.js';
import { startSigningKeys } from '../../../src/keys/signing-keys.js';
import { fakeClock, type FakeClock } from '../../helpers/fake-clock.js';
import { rejectionOf, signingJwk } from '../../helpers/token-fixture.js';

const KEEP_MS = 425_000; // 5 min + 5 s + 60 s

/**
 * A storage over a memory store that counts calls, can lose the next `conflicts` CAS calls, fail
 * loads, or answer loads with a stale set.
 */
function countingStorage(base: KeySetStorage = storeKeySetStorage(createMemoryStore().keySets)) {
  const counts = {
    loads: 0,
    writes: 0,
    conflicts: 0,
    failLoads: false,
    stale: undefined as StoredKeySet | undefined,
  };
  const storage: KeySetStorage = {
    writable: base.writable,
    load: async () => {
      counts.loads++;
      if (counts.failLoads) throw new Error('connect ECONNREFUSED');
      return counts.stale ?? base.load();
    },
    compareAndSet: async (expected, next) => {
      counts.writes++;
      if (counts.conflicts > 0) {
        counts.conflicts--;
        return false;
      }
      return base.compareAndSet(expected, next);
    },
  };
  return { storage, counts };
}

function start(
  storage: KeySetStorage,
  clock: FakeClock = fakeClock(),
  algorithm: SigningAlgorithm = 'ES256',
) {
  return startSigningKeys({ storage, algorithm, clock, keepMs: KEEP_MS });
}

const kids = (keys: { keyring: { jwks(): { keys: Array<{ kid?: string }> } } }) =>
  keys.keyring.jwks().keys.map((key) => key.kid);

describe('startSigningKeys', () => {
  it('stores one new key when the store has none, and a second instance serves that one', async () => {
    const storage = storeKeySetStorage(createMemoryStore().keySets);
    const a = await start(storage);
    const b = await start(storage);
    expect(kids(a)).toHaveLength(1);
    expect(b.keyring.active.kid).toBe(a.keyring.active.kid);
    expect((await storage.load())?.version).toBe(1);
  });

  it('lets instances starting at once agree on one key (compare-and-set)', async () => {
    const storage = storeKeySetStorage(createMemoryStore().keySets);
    const started = await Promise.all([1, 2, 3, 4].map(() => start(storage)));
    expect(new Set(started.map((keys) => keys.keyring.active.kid)).size).toBe(1);
  });

  it('rotates in a key of tokens.algorithm when the active key is of another', async () => {
    const storage = storeKeySetStorage(createMemoryStore().keySets);
    const old = await start(storage);
    const changed = await start(storage, fakeClock(), 'EdDSA');
    expect(changed.keyring.active.alg).toBe('EdDSA');
    expect(kids(changed)).toEqual([changed.keyring.active.kid, old.keyring.active.kid]);
    // An instance still configured for ES256 follows the set instead of rotating back.
    await old.reload();
    expect(old.keyring.active.kid).toBe(changed.keyring.active.kid);
  });

  it('serves a read-only set as it is, refuses to rotate it, and reloads an edited one', async () => {
    let jwks = [await signingJwk('ES256')];
    const keys = await start(readOnlyKeySetStorage(async () => jwks));
    expect(keys.keyring.active.kid).toBe(jwks[0]!.kid);
    expect((await rejectionOf(keys.rotate())).status).toBe(409);
    jwks = [await generateSigningKey('ES256'), ...jwks];
    await keys.reload();
    expect(kids(keys)).toEqual(jwks.map((jwk) => jwk.kid));
  });

  it('refuses a read-only set whose active key is not tokens.algorithm', async () => {
    const storage = readOnlyKeySetStorage(async () => [await signingJwk('ES256')]);
    await expect(start(storage, fakeClock(), 'EdDSA')).rejects.toThrow(/tokens.algorithm is EdDSA/);
  });
});

describe('SigningKeys.rotate', () => {
  it('puts a new key first, keeps the previous one verifying, and tells the other instances', async () => {
    const store = createMemoryStore();
    const storage = storeKeySetStorage(store.keySets);
    const a = await start(storage);
    const b = await start(storage);
    const before = a.keyring.active.kid;
    const rotation = await a.rotate();
    expect(rotation).toEqual({ kid: a.keyring.active.kid, previous: [before] });
    expect(rotation.kid).not.toBe(before);
    expect(a.keyring.find(before)?.kid).toBe(before);
    expect(b.keyring.active.kid).toBe(before); // until it reloads
    await b.reload();
    expect(kids(b)).toEqual([rotation.kid, before]);
    const stored = (await storage.load())!;
    expect(stored.version).toBe(2);
    expect(stored.keys.map((key) => key.retiredAt)).toEqual([null, expect.any(Number)]);
  });

  it('prunes keys retired longer than the keep window ago, and only those', async () => {
    const clock = fakeClock();
    const keys = await start(storeKeySetStorage(createMemoryStore().keySets), clock);
    const first = keys.keyring.active.kid;
    const second = (await keys.rotate()).kid;
    clock.advance(KEEP_MS - 1);
    const third = (await keys.rotate()).kid;
    expect(kids(keys)).toEqual([third, second, first]);
    clock.advance(1);
    const fourth = await keys.rotate();
    // `first` retired KEEP_MS ago: gone; `second` retired 1 ms ago: kept.
    expect(fourth.previous).toEqual([third, second]);
    expect(keys.keyring.find(first)).toBeUndefined();
  });

  it('retries a lost compare-and-set on the fresh set, and gives up with 409 after five', async () => {
    const { storage, counts } = countingStorage();
    const keys = await start(storage);
    counts.conflicts = 2;
    counts.writes = 0;
    await keys.rotate();
    expect(counts.writes).toBe(3);
    counts.conflicts = 5;
    const error = await rejectionOf(keys.rotate());
    expect(error).toMatchObject({ status: 409, code: 'key-set-conflict' });
  });

  it('starts again from the keys it serves when the store lost the set', async () => {
    const store = createMemoryStore();
    const keys = await start(storeKeySetStorage(store.keySets));
    const before = keys.keyring.active.kid;
    await store.close(); // the memory store forgets everything, like a flushed Redis
    const rotation = await keys.rotate();
    expect(rotation.previous).toEqual([before]);
  });
});

describe('SigningKeys.reload', () => {
  it('keeps the same key objects when nothing changed (the verified-token cache stays warm)', async () => {
    const storage = storeKeySetStorage(createMemoryStore().keySets);
    const keys = await start(storage);
    const active = keys.keyring.active;
    await keys.reload();
    expect(keys.keyring.active).toBe(active);
  });

  it('never goes back to an older version than the one it serves', async () => {
    const { storage, counts } = countingStorage();
    const keys = await start(storage);
    const stale = (await storage.load())!;
    const rotated = (await keys.rotate()).kid;
    counts.stale = stale; // a reload that read the set before the rotation was stored
    await keys.reload();
    expect(keys.keyring.active.kid).toBe(rotated);
  });

  it('reloads for an unknown kid at most once per second, sharing one reload among callers', async () => {
    const clock = fakeClock();
    const { storage, counts } = countingStorage();
    const keys = await start(storage, clock);
    counts.loads = 0;
    await Promise.all([keys.reloadForUnknownKid(), keys.reloadForUnknownKid()]);
    expect(counts.loads).toBe(1);
    clock.advance(999);
    await keys.reloadForUnknownKid();
    expect(counts.loads).toBe(1);
    clock.advance(1);
    await keys.reloadForUnknownKid();
    expect(counts.loads).toBe(2);
  });

  it('keeps serving its keys when a reload fails', async () => {
    const { storage, counts } = countingStorage();
    const keys = await start(storage);
    const active = keys.keyring.active;
    counts.failLoads = true;
    await expect(keys.reload()).rejects.toThrow('ECONNREFUSED');
    await expect(keys.reloadForUnknownKid()).resolves.toBeUndefined();
    expect(keys.keyring.active).toBe(active);
  });
});
