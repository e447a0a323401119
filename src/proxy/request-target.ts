/**
 * The raw request target (path and query) as the client sent it: Node's `incoming.url` when the
 * bindings hold it (the Web URL has already resolved dot segments its own way), else the path
 * and query of the request URL.
 */
export function requestTarget(bindings: unknown, url: string): string {
  const raw = (bindings as { incoming?: { url?: unknown } } | undefined)?.incoming?.url;
  if (typeof raw === 'string') return raw;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start < 0 ? '/' : url.slice(start);
}
