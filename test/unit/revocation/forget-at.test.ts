import { describe, expect, it } from 'vitest';
import { forgetAt } from '../../../src/revocation/forget-at.js';

const tokens = { accessTtl: 300_000, clockTolerance: 5_000 };
const now = Date.UTC(2026, 0, 1, 12);

describe('forgetAt', () => {
  it.each(['session', 'user'] as const)(
    'forgets a %s revocation once every token issued by now has expired: now + accessTtl + tolerance',
    (kind) => {
      expect(forgetAt(tokens, { kind, now })).toBe(now + 305_000);
    },
  );

  it("forgets a token revocation at the token's exp (seconds) + tolerance", () => {
    const exp = now / 1000 + 120;
    expect(forgetAt(tokens, { kind: 'token', now, exp })).toBe(now + 125_000);
  });

  it('caps a token exp later than any token this gateway issues at now + accessTtl', () => {
    const exp = now / 1000 + 86_400;
    expect(forgetAt(tokens, { kind: 'token', now, exp })).toBe(now + 305_000);
  });

  it('answers whole milliseconds for a fractional exp', () => {
    expect(
      Number.isSafeInteger(forgetAt(tokens, { kind: 'token', now, exp: now / 1000 + 0.0004 })),
    ).toBe(true);
  });
});
