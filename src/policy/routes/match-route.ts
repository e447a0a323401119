import { normalizePath } from './normalize-path.js';
import type { CompiledRoute } from './compiled-route.js';

/**
 * Compiles a `match.path` pattern: `/exact`, `/prefix/*` (`/prefix` and everything under
 * `/prefix/`, never `/prefixfoo`) or `/*`. Throws when the pattern could never match a
 * normalised path.
 */
export function compilePathMatcher(pattern: string): (path: string) => boolean {
  const wildcard = pattern.endsWith('*');
  if (wildcard && !pattern.endsWith('/*'))
    throw new Error('a "*" must follow a "/" (use "/prefix/*")');
  const base = wildcard ? pattern.slice(0, -2) : pattern;
  if (base !== '') {
    const normal = normalizePathOrThrow(base);
    if (normal !== base) throw new Error(`"${base}" is not a normalised path (use "${normal}")`);
  }
  if (!wildcard) return (path) => path === base;
  if (base === '') return () => true;
  const below = `${base}/`;
  return (path) => path === base || path.startsWith(below);
}

function normalizePathOrThrow(path: string): string {
  try {
    return normalizePath(path).path;
  } catch {
    throw new Error(`"${path}" can never match a request path`);
  }
}

/** The first route, in config order, whose pattern covers the normalised path and allows the method. */
export function matchRoute(
  routes: readonly CompiledRoute[],
  path: string,
  method: string,
): CompiledRoute | undefined {
  for (const route of routes) {
    if (route.matchesPath(path) && (route.methods === null || route.methods.has(method)))
      return route;
  }
  return undefined;
}
