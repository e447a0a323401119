import { describe, expect, it } from 'vitest';
import { upgradeSessionRecord } from '../../../src/store/session-record.js';

const v1 = {
  v: 1,
  sid: 'sid-1',
  sub: 'alice',
  scope: ['read'],
  claims: { tenant: 'acme' },
  createdAt: 1000,
  lastSeenAt: 2000,
  idleExpiresAt: 3000,
  absoluteExpiresAt: 9000,
  refresh: {
    hash: 'a'.repeat(64),
    previous: ['b'.repeat(64)],
    rotatedAt: 2000,
    successor: 'sealed',
  },
};

const v0 = {
  sid: 'sid-0',
  sub: 'bob',
  scope: ' read  write ',
  created: 1000,
  lastSeen: 2000,
  expiresAt: 3000,
  absoluteExpiresAt: 9000,
  refreshHash: 'c'.repeat(64),
};

describe('upgradeSessionRecord', () => {
  it('returns a current-version record as it is', () => {
    expect(upgradeSessionRecord(v1)).toEqual(v1);
  });

  it('upgrades a v0 record: scope split, never rotated, no claims → {}', () => {
    expect(upgradeSessionRecord(v0)).toEqual({
      v: 1,
      sid: 'sid-0',
      sub: 'bob',
      scope: ['read', 'write'],
      claims: {},
      createdAt: 1000,
      lastSeenAt: 2000,
      idleExpiresAt: 3000,
      absoluteExpiresAt: 9000,
      refresh: { hash: 'c'.repeat(64), previous: [], rotatedAt: 0, successor: null },
    });
  });

  it('keeps v0 claims, and caps a v0 idle expiry at the absolute one', () => {
    const upgraded = upgradeSessionRecord({ ...v0, claims: { a: 1 }, expiresAt: 10_000 });
    expect(upgraded?.claims).toEqual({ a: 1 });
    expect(upgraded?.idleExpiresAt).toBe(9000);
  });

  it.each([
    ['null', null],
    ['a string', 'sid-1'],
    ['an array', [v1]],
    ['an unknown version', { ...v1, v: 2 }],
    ['a v1 record without refresh state', { ...v1, refresh: undefined }],
    [
      'a v1 record with too many remembered hashes',
      { ...v1, refresh: { ...v1.refresh, previous: Array(9).fill('d') } },
    ],
    ['a v1 record with a fractional time', { ...v1, createdAt: 1.5 }],
    ['a v1 record with an empty sub', { ...v1, sub: '' }],
    ['a v0 record with a version field', { ...v0, v: 0 }],
    ['a v0 record without its refresh hash', { ...v0, refreshHash: undefined }],
    ['a v0 record with scope as a list', { ...v0, scope: ['read'] }],
  ])('returns null for %s', (_, raw) => {
    expect(upgradeSessionRecord(raw)).toBeNull();
  });
});
