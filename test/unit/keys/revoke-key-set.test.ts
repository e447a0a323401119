import { describe, expect, it } from 'vitest';
import type { StoredKeySet } from '../../../src/store/key-set-store.js';
import { revokeKeySet } from '../../../src/keys/key-set.js';

const jwk = (kid: string) => ({ kty: 'EC', kid, alg: 'ES256' });
const NOW = 1_000_000_000;
const KEEP = 10_000;

const current: StoredKeySet = {
  version: 4,
  keys: [
    { jwk: jwk('active'), createdAt: 1, retiredAt: null },
    { jwk: jwk('recent'), createdAt: 1, retiredAt: NOW - KEEP + 1 },
    { jwk: jwk('old'), createdAt: 1, retiredAt: NOW - KEEP },
  ],
};

describe('revokeKeySet', () => {
  it('drops a retired key, and nothing else, without making a new one', async () => {
    const made: string[] = [];
    const replacement = async () => (made.push('new'), jwk('new'));
    expect(await revokeKeySet(current, 'recent', replacement, NOW, KEEP)).toEqual({
      version: 5,
      keys: [current.keys[0], current.keys[2]],
    });
    expect(made).toEqual([]);
  });

  it('replaces the active key; the retired ones stay as after a rotation (pruned past the window)', async () => {
    const next = await revokeKeySet(current, 'active', async () => jwk('new'), NOW, KEEP);
    expect(next).toEqual({
      version: 5,
      keys: [
        { jwk: jwk('new'), createdAt: NOW, retiredAt: null },
        { jwk: jwk('recent'), createdAt: 1, retiredAt: NOW - KEEP + 1 },
      ],
    });
    expect(current.keys).toHaveLength(3); // the input is left alone
  });

  it('is null for a kid the set does not hold', async () => {
    expect(await revokeKeySet(current, 'nope', async () => jwk('new'), NOW, KEEP)).toBeNull();
  });
});
