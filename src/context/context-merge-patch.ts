type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Applies a JSON Merge Patch (RFC 7396 §2) to `target` and returns the result; neither argument is
 * changed. Callers bound the patch's depth first (the algorithm recurses).
 */
export function contextMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  // Null-prototype objects: a member named "__proto__" stays an ordinary member.
  const result: JsonObject = Object.create(null) as JsonObject;
  if (isObject(target)) {
    for (const name of Object.keys(target)) result[name] = target[name];
  }
  for (const name of Object.keys(patch)) {
    const value = patch[name];
    if (value === null) delete result[name];
    else result[name] = contextMergePatch(result[name], value);
  }
  return result;
}
