import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/errors/gateway-error.js';
import { normalizePath } from '../../../../src/policy/routes/normalize-path.js';
import vectors from '../../../vectors/path-normalisation.json' with { type: 'json' };

interface Vector {
  title: string;
  rfc: string;
  input: string;
  expect?: string;
  search?: string;
  reject?: boolean;
}

const cases = vectors as Vector[];

describe('normalizePath', () => {
  it('has both accepting and rejecting vectors, each with a title and an RFC', () => {
    expect(cases.filter((v) => v.reject).length).toBeGreaterThan(10);
    expect(cases.filter((v) => !v.reject).length).toBeGreaterThan(10);
    for (const v of cases)
      expect(v.title && v.rfc && (v.reject || v.expect !== undefined)).toBeTruthy();
  });

  it.each(cases.filter((v) => !v.reject))('$title ($rfc): $input', (v) => {
    const result = normalizePath(v.input);
    expect(result.path).toBe(v.expect);
    expect(result.search).toBe(v.search ?? '');
  });

  it.each(cases.filter((v) => v.reject))('rejects $title ($rfc)', (v) => {
    let thrown: unknown;
    try {
      normalizePath(v.input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatewayError);
    expect(thrown).toMatchObject({ status: 400, code: 'bad-request', field: 'path' });
  });

  it('is idempotent on everything it accepts', () => {
    for (const v of cases.filter((c) => !c.reject)) {
      const once = normalizePath(v.input);
      expect(normalizePath(once.path + once.search)).toEqual(once);
    }
  });

  // Kept out of the JSON vectors: JSON parsers may refuse a lone surrogate escape.
  it('rejects a lone UTF-16 surrogate (RFC 3629 §3)', () => {
    expect(() => normalizePath('/a\ud800')).toThrow(GatewayError);
    expect(() => normalizePath('/a?q=\udc00')).toThrow(GatewayError);
  });

  it('never echoes the request target in the error detail', () => {
    const secret = 'token=s3cr3t';
    expect(() => normalizePath(`/a%2f?${secret}`)).toThrow(GatewayError);
    try {
      normalizePath(`/a%2f${secret}`);
    } catch (error) {
      expect((error as GatewayError).detail).not.toContain('s3cr3t');
    }
  });
});
