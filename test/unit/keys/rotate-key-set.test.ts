import { describe, expect, it } from 'vitest';
import type { StoredKeySet } from '../../../src/store/key-set-store.js';
import { rotateKeySet } from '../../../src/keys/key-set.js';

const jwk = (kid: string) => ({ kty: 'EC', kid, alg: 'ES256' });
const NOW = 1_000_000_000;
const KEEP = 10_000;

describe('rotateKeySet', () => {
  it('puts the new key first, retires the active one now, prunes those past the window', () => {
    const current: StoredKeySet = {
      version: 7,
      keys: [
        { jwk: jwk('active'), createdAt: 1, retiredAt: null },
        { jwk: jwk('recent'), createdAt: 1, retiredAt: NOW - KEEP + 1 },
        { jwk: jwk('old'), createdAt: 1, retiredAt: NOW - KEEP },
      ],
    };
    const next = rotateKeySet(current, jwk('new'), NOW, KEEP);
    expect(next).toEqual({
      version: 8,
      keys: [
        { jwk: jwk('new'), createdAt: NOW, retiredAt: null },
        { jwk: jwk('active'), createdAt: 1, retiredAt: NOW },
        { jwk: jwk('recent'), createdAt: 1, retiredAt: NOW - KEEP + 1 },
      ],
    });
    expect(current.keys[0]!.retiredAt).toBeNull(); // the input is left alone
  });

  it('dates a retired key without a date (an older file) now, so it is kept a full window', () => {
    const current: StoredKeySet = {
      version: 1,
      keys: [
        { jwk: jwk('a'), createdAt: 0, retiredAt: null },
        { jwk: jwk('b'), createdAt: 0, retiredAt: null },
      ],
    };
    expect(rotateKeySet(current, jwk('c'), NOW, KEEP).keys.map((k) => k.retiredAt)).toEqual([
      null,
      NOW,
      NOW,
    ]);
  });
});
