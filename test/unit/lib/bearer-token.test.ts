import { describe, expect, it } from 'vitest';
import { bearerToken, readBearer } from '../../../src/lib/bearer-token.js';
import vectors from '../../vectors/bearer-header.json' with { type: 'json' };

interface Vector {
  title: string;
  rfc: string;
  input?: string;
  token?: string;
  kind?: 'none' | 'malformed';
}

const cases = vectors as Vector[];

describe('readBearer', () => {
  it('has accepting, absent and malformed vectors, each with a title and an RFC', () => {
    expect(cases.filter((v) => v.token !== undefined).length).toBeGreaterThan(5);
    expect(cases.filter((v) => v.kind === 'none').length).toBeGreaterThan(3);
    expect(cases.filter((v) => v.kind === 'malformed').length).toBeGreaterThan(5);
    for (const v of cases) expect(v.title && v.rfc && (v.token ?? v.kind)).toBeTruthy();
  });

  it.each(cases)('$title ($rfc): $input', (v) => {
    const expected = v.token === undefined ? { kind: v.kind } : { kind: 'token', token: v.token };
    expect(readBearer(v.input)).toEqual(expected);
  });
});

describe('bearerToken', () => {
  it.each(cases)('$title: $input', (v) => {
    expect(bearerToken(v.input)).toBe(v.token);
  });
});
