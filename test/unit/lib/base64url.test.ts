import { describe, expect, it } from 'vitest';
import { base64urlEncode, isCanonicalBase64url } from '../../../src/lib/base64url.js';

describe('isCanonicalBase64url', () => {
  it.each(['', 'AA', 'AAA', 'AAAA', base64urlEncode('any bytes?>'), base64urlEncode('ab')])(
    'accepts the one spelling %j',
    (text) => expect(isCanonicalBase64url(text)).toBe(true),
  );

  it.each([
    ['padding', 'YWI='],
    ['double padding', 'YQ=='],
    ['trailing bits after one byte', 'YR'],
    ['trailing bits after two bytes', 'YWJ'],
    ['length 4k+1', 'YWJjZ'],
    ['standard alphabet', 'a+/b'],
    ['whitespace', 'YW Jj'],
    ['outside the alphabet', 'YW~j'],
  ])('refuses %s (%j)', (_, text) => expect(isCanonicalBase64url(text)).toBe(false));
});
