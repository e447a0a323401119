import type { RouteUpstream } from './compiled-route.js';

/**
 * Compiles a route's upstream URL (which may carry a base path) and its `stripPrefix`.
 * Throws on parts that would be silently dropped: credentials, query, fragment.
 */
export function compileUpstream(upstream: string, stripPrefix: string | undefined): RouteUpstream {
  const url = new URL(upstream);
  if (url.username || url.password) throw new Error('must not hold credentials');
  if (url.search || url.hash) throw new Error('must not hold a query or fragment');
  const basePath = url.pathname.replace(/\/+$/, '');
  const strip = stripPrefix?.replace(/\/+$/, '') ?? '';
  const stripBelow = `${strip}/`;
  return {
    origin: url.origin,
    host: url.host,
    target(path, search) {
      let rest = path;
      // Strip only at a segment boundary, so `/api` never turns `/apix` into `x`.
      if (strip !== '') {
        if (path === strip) rest = '';
        else if (path.startsWith(stripBelow)) rest = path.slice(strip.length);
      }
      const forwarded = basePath + rest;
      return (forwarded === '' ? '/' : forwarded) + search;
    },
  };
}
