import { describe, expect, it } from 'vitest';
import { parseRevocation } from '../../../../src/browser/admin-console/parse-revocation.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A compact JWS-shaped token with this payload (the console never verifies it). */
const token = (payload: unknown) => `${b64({ alg: 'ES256', kid: 'k1' })}.${b64(payload)}.c2ln`;

const EXP = 1_767_229_200; // 2026-01-01T01:00:00Z

describe('the console reads "revoke by jti" input', () => {
  it('takes jti and exp from a pasted access token', () => {
    expect(parseRevocation(token({ jti: 'j-1', exp: EXP, sub: 'Zoë' }), '')).toEqual({
      jti: 'j-1',
      exp: EXP,
      fromToken: true,
    });
  });

  it('accepts a pasted "Bearer <token>" and surrounding whitespace', () => {
    expect(parseRevocation(`  Bearer ${token({ jti: 'j-1', exp: EXP })}\n`, '')).toMatchObject({
      jti: 'j-1',
      exp: EXP,
    });
  });

  it('accepts a typed exp that agrees with the pasted token', () => {
    expect(parseRevocation(token({ jti: 'j-1', exp: EXP }), String(EXP)).exp).toBe(EXP);
    expect(parseRevocation(token({ jti: 'j-1', exp: EXP }), '2026-01-01T01:00:00Z').exp).toBe(EXP);
  });

  it('takes a bare jti with exp in seconds or as an ISO 8601 date (rounded up)', () => {
    expect(parseRevocation('j-2', String(EXP))).toEqual({ jti: 'j-2', exp: EXP, fromToken: false });
    expect(parseRevocation('j-2', '2026-01-01T01:00:00.200Z').exp).toBe(EXP + 1);
  });

  it.each([
    ['nothing', '', '', /Enter a jti/],
    ['a bare jti without exp', 'j-2', '', /exp is required/],
    ['a jti with a space', 'j 2', String(EXP), /printable ASCII/],
    ['a jti over 256 characters', 'j'.repeat(257), String(EXP), /1 to 256/],
    ['an exp that is neither seconds nor a date', 'j-2', 'soon', /exp must be seconds/],
    ['an exp of zero', 'j-2', '0', /exp must be seconds/],
    ['a token whose payload is not base64url', `${b64({})}.a.c2ln`, '', /cannot be read/],
    ['a token whose payload is not JSON', `${b64({})}.bm90IGpzb24.c2ln`, '', /cannot be read/],
    ['a token without jti', token({ exp: EXP }), '', /no usable jti/],
    ['a token without exp', token({ jti: 'j-1' }), '', /no usable exp/],
    ['a token with a fractional exp', token({ jti: 'j-1', exp: 1.5 }), '', /no usable exp/],
    ['a token whose payload is not an object', token('text'), '', /cannot be read/],
    ['a typed exp that disagrees', token({ jti: 'j-1', exp: EXP }), String(EXP + 60), /differs/],
  ])('refuses %s with a clear message', (_, jti, exp, message) => {
    expect(() => parseRevocation(jti, exp)).toThrow(message);
  });
});
