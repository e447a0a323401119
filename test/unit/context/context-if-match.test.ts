import { describe, expect, it } from 'vitest';
import { parseContextIfMatch, contextEtag } from '../../../src/context/context-if-match.js';

describe('parseContextIfMatch (RFC 9110 §13.1.1)', () => {
  it.each([
    [undefined, { kind: 'absent' }],
    ['*', { kind: 'any' }],
    [' * ', { kind: 'any' }],
    ['"0"', { kind: 'versions', versions: [0] }],
    ['"17"', { kind: 'versions', versions: [17] }],
    ['"3", "4"', { kind: 'versions', versions: [3, 4] }],
    ['"3","4" ,"x"', { kind: 'versions', versions: [3, 4] }],
    // Strong comparison: a weak tag never matches.
    ['W/"3"', { kind: 'versions', versions: [] }],
    ['3', { kind: 'versions', versions: [] }],
    ['"03"', { kind: 'versions', versions: [] }],
    ['"-1"', { kind: 'versions', versions: [] }],
    ['"1.5"', { kind: 'versions', versions: [] }],
    ['', { kind: 'versions', versions: [] }],
    ['"*"', { kind: 'versions', versions: [] }],
  ])('%j -> %j', (header, expected) => {
    expect(parseContextIfMatch(header)).toEqual(expected);
  });

  it('reads back the ETag it is given', () => {
    expect(contextEtag(42)).toBe('"42"');
    expect(parseContextIfMatch(contextEtag(42))).toEqual({ kind: 'versions', versions: [42] });
  });
});
