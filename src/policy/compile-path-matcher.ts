import { normalizePath } from './normalize-path.js';

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
