import { describe, expect, it } from 'vitest';
import table from '../../vectors/identity-header-values.json' with { type: 'json' };
import { encodeHeaderValue } from '../../../src/lib/header-value.js';

// A lone surrogate cannot be written in JSON that every parser takes: given as UTF-16 code units.
const vectors = table.map(
  (v: { title: string; header: string; value?: string; codeUnits?: number[] }) => ({
    title: v.title,
    header: v.header,
    value: v.value ?? String.fromCharCode(...v.codeUnits!),
  }),
);

describe('encodeHeaderValue', () => {
  it.each(vectors)('$title', ({ title, value, header }) => {
    expect(encodeHeaderValue(value)).toBe(header);
    expect(() => new Headers({ 'x-auth-subject': header })).not.toThrow();
    if (!('codeUnits' in table.find((v) => v.title === title)!))
      expect(decodeURIComponent(header)).toBe(value);
  });
});
