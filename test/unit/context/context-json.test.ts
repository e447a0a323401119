import { describe, expect, it } from 'vitest';
import {
  CONTEXT_MAX_DEPTH,
  contextShapeProblem,
  contextToJson,
} from '../../../src/context/context-json.js';

const nested = (depth: number): unknown => {
  let value: unknown = {};
  for (let i = 1; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('contextToJson', () => {
  it('serialises an object', () => {
    expect(contextToJson({ a: [1, { b: null }] }, 100)).toEqual({
      ok: true,
      json: '{"a":[1,{"b":null}]}',
    });
  });

  it.each([[null], [[1]], ['x'], [3], [true]])('refuses a non-object: %j', (value) => {
    expect(contextToJson(value, 100)).toEqual({ ok: false, problem: 'not-object' });
  });

  it('measures the UTF-8 bytes of the JSON text, to the byte', () => {
    const json = JSON.stringify({ s: 'é'.repeat(10) }); // 10 two-byte characters
    const bytes = Buffer.byteLength(json);
    expect(contextToJson(JSON.parse(json), bytes)).toMatchObject({ ok: true });
    expect(contextToJson(JSON.parse(json), bytes - 1)).toEqual({ ok: false, problem: 'too-large' });
  });

  it(`allows nesting up to ${CONTEXT_MAX_DEPTH} levels, not one more`, () => {
    expect(contextShapeProblem({ a: nested(CONTEXT_MAX_DEPTH - 1) })).toBeUndefined();
    expect(contextShapeProblem({ a: nested(CONTEXT_MAX_DEPTH) })).toBe('too-deep');
  });

  it('refuses a hostile nesting depth without exhausting the stack', () => {
    const deep = JSON.parse(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`) as unknown;
    expect(contextToJson(deep, 1 << 20)).toEqual({ ok: false, problem: 'too-deep' });
  });
});
