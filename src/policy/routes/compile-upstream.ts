import type { RouteUpstream } from './compiled-route.js';
import { hasPathParameters, withoutPathParameters } from './path-parameters.js';

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
        else if (hasPathParameters(path)) rest = afterSegments(path, strip);
      }
      const forwarded = basePath + rest;
      return (forwarded === '' ? '/' : forwarded) + search;
    },
  };
}

/**
 * On a `matrixParams` route, the path after the segments that make up `strip` once their `;`
 * parameters are removed (`/api;v=1/orders` under `/api` is `/orders`); the path when they do not.
 */
function afterSegments(path: string, strip: string): string {
  const count = strip.split('/').length;
  const segments = path.split('/');
  const head = segments.slice(0, count).join('/');
  if (withoutPathParameters(head) !== strip) return path;
  const rest = segments.slice(count).join('/');
  return segments.length > count ? `/${rest}` : '';
}
