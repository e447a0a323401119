import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contextMergePatch } from '../../../src/context/context-merge-patch.js';

interface MergePatchVector {
  title: string;
  rfc: string;
  original: unknown;
  patch: unknown;
  result: unknown;
}

// JSON.parse, not a JSON import: a "__proto__" member must stay an own member.
const vectors = JSON.parse(
  readFileSync(new URL('../../vectors/merge-patch.json', import.meta.url), 'utf8'),
) as MergePatchVector[];

/** Compares as JSON text too, so prototypes and member order matter no less than values. */
const asJson = (value: unknown) => JSON.stringify(value);

describe('contextMergePatch', () => {
  it.each(vectors.map((v) => [v.title, v] as const))('%s', (_title, vector) => {
    const original = structuredClone(vector.original);
    const result = contextMergePatch(vector.original, vector.patch);
    expect(asJson(result)).toBe(asJson(vector.result));
    expect(vector.original).toEqual(original); // the target is not changed in place
  });

  it('never sets a prototype from a "__proto__" member', () => {
    const patch = JSON.parse('{"__proto__": {"admin": true}}') as unknown;
    const result = contextMergePatch({}, patch) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect((result as { admin?: unknown }).admin).toBeUndefined();
    expect(({} as { admin?: unknown }).admin).toBeUndefined();
  });
});
