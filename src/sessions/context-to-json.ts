import { contextShapeProblem, type ContextShapeProblem } from './context-shape.js';

/** A context value as the JSON text that is stored, or why it cannot be stored. */
export type ContextJson =
  { ok: true; json: string } | { ok: false; problem: ContextShapeProblem | 'too-large' };

const encoder = new TextEncoder();

/**
 * Serialises a context value for the store. The size limit applies to this JSON text (UTF-8
 * bytes), not to the request body that produced it nor to the sealed form.
 */
export function contextToJson(value: unknown, maxBytes: number): ContextJson {
  const problem = contextShapeProblem(value);
  if (problem) return { ok: false, problem };
  const json = JSON.stringify(value);
  // A UTF-8 string is at most 3 bytes per UTF-16 unit: most contexts skip the encoding.
  if (json.length * 3 > maxBytes && encoder.encode(json).byteLength > maxBytes) {
    return { ok: false, problem: 'too-large' };
  }
  return { ok: true, json };
}
