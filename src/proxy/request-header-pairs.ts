/**
 * The client's request headers as flat name/value pairs. Under @hono/node-server the bindings
 * hold Node's `incoming.rawHeaders`, read as they are; iterating the Web headers instead would
 * materialise a Headers object on every request. Other runtimes fall back to `request.headers`.
 */
export function requestHeaderPairs(bindings: unknown, request: Request): readonly string[] {
  const rawHeaders = (bindings as { incoming?: { rawHeaders?: unknown } } | undefined)?.incoming
    ?.rawHeaders;
  if (Array.isArray(rawHeaders)) return rawHeaders as string[];
  const pairs: string[] = [];
  request.headers.forEach((value, name) => {
    pairs.push(name, value);
  });
  return pairs;
}
