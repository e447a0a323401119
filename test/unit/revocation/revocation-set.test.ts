import { describe, expect, it } from 'vitest';
import { createRevocationSet } from '../../../src/revocation/revocation-set.js';

const T = Date.UTC(2026, 0, 1);
const q = (over: Partial<{ sid: string; jti: string; sub: string; issuedAt: number }> = {}) => ({
  sid: 's-other',
  jti: 'j-other',
  sub: 'u-other',
  issuedAt: T,
  ...over,
});

describe('createRevocationSet', () => {
  it('refuses by sid, by jti and by a user not-before, naming which', () => {
    const set = createRevocationSet(T);
    set.apply({ kind: 'session', sid: 's1', forgetAt: T + 60_000 }, T);
    set.apply({ kind: 'token', jti: 'j1', forgetAt: T + 60_000 }, T);
    set.apply({ kind: 'user', sub: 'alice', notBefore: T, forgetAt: T + 60_000 }, T);
    expect(set.check(q({ sid: 's1' }), T)).toBe('session');
    expect(set.check(q({ jti: 'j1' }), T)).toBe('token');
    expect(set.check(q({ sub: 'alice', issuedAt: T - 1000 }), T)).toBe('user');
    expect(set.check(q({ sub: 'alice', issuedAt: T }), T)).toBeNull();
    expect(set.check(q(), T)).toBeNull();
    expect(set.size()).toBe(3);
  });

  it('forgets an entry at its forgetAt, never before, and drops it when met', () => {
    const set = createRevocationSet(T);
    set.apply({ kind: 'session', sid: 's1', forgetAt: T + 5000 }, T);
    expect(set.check(q({ sid: 's1' }), T + 4999)).toBe('session');
    expect(set.size()).toBe(1);
    expect(set.check(q({ sid: 's1' }), T + 5000)).toBeNull();
    expect(set.size()).toBe(0);
  });

  it('keeps an entry up to a second past a forgetAt between seconds (compact stamps)', () => {
    const set = createRevocationSet(T);
    set.apply({ kind: 'token', jti: 'j1', forgetAt: T + 5001 }, T);
    expect(set.check(q({ jti: 'j1' }), T + 5500)).toBe('token');
    expect(set.check(q({ jti: 'j1' }), T + 6000)).toBeNull();
  });

  it('ignores a revocation already past its forgetAt', () => {
    const set = createRevocationSet(T);
    set.apply({ kind: 'session', sid: 's1', forgetAt: T }, T);
    expect(set.size()).toBe(0);
  });

  it('keeps the later forgetAt and the later not-before of repeats', () => {
    const set = createRevocationSet(T);
    set.apply({ kind: 'user', sub: 'bob', notBefore: T + 2000, forgetAt: T + 90_000 }, T);
    set.apply({ kind: 'user', sub: 'bob', notBefore: T, forgetAt: T + 10_000 }, T);
    set.apply({ kind: 'session', sid: 's1', forgetAt: T + 90_000 }, T);
    set.apply({ kind: 'session', sid: 's1', forgetAt: T + 10_000 }, T);
    expect(set.check(q({ sub: 'bob', issuedAt: T + 1000 }), T + 50_000)).toBe('user');
    expect(set.check(q({ sid: 's1' }), T + 50_000)).toBe('session');
  });

  it('sweeps out every entry past its forgetAt', () => {
    const set = createRevocationSet(T);
    set.apply({ kind: 'session', sid: 'brief', forgetAt: T + 1000 }, T);
    set.apply({ kind: 'token', jti: 'brief', forgetAt: T + 1000 }, T);
    set.apply({ kind: 'user', sub: 'brief', notBefore: T, forgetAt: T + 1000 }, T);
    set.apply({ kind: 'token', jti: 'long', forgetAt: T + 60_000 }, T);
    set.sweep(T + 1000);
    expect(set.size()).toBe(1);
    expect(set.check(q({ jti: 'long' }), T + 1000)).toBe('token');
  });

  it('works for entries older than the set (a listing taken before it was made)', () => {
    const set = createRevocationSet(T + 3_600_000);
    set.apply({ kind: 'session', sid: 's1', forgetAt: T + 3_660_000 }, T);
    expect(set.check(q({ sid: 's1' }), T + 3_600_000)).toBe('session');
  });
});
