import type { CompiledRoute } from './compiled-route.js';

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
