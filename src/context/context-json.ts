/** Deepest nesting of objects and arrays a session context, or a patch to it, may have. */
export const CONTEXT_MAX_DEPTH = 64;

/** Why a value cannot be a session context, or undefined when it can. */
export type ContextShapeProblem = 'not-object' | 'too-deep';

const isContainer = (value: unknown): value is object =>
  typeof value === 'object' && value !== null;

/**
 * Checks that a parsed JSON value can be a session context: an object (not an array, not null),
 * nested at most CONTEXT_MAX_DEPTH levels.
 */
export function contextShapeProblem(value: unknown): ContextShapeProblem | undefined {
  if (!isContainer(value) || Array.isArray(value)) return 'not-object';
  // Iterative on purpose: merge patch and JSON.stringify recurse, so a body nested a million
  // levels deep must be refused before either sees it.
  const pending: Array<[node: object, depth: number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (depth > CONTEXT_MAX_DEPTH) return 'too-deep';
    for (const child of Object.values(node)) {
      if (isContainer(child)) pending.push([child, depth + 1]);
    }
  }
  return undefined;
}

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
