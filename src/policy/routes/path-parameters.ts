/**
 * Path parameters (RFC 3986 §3.3): the `;…` part of a segment. Servlet containers (Tomcat,
 * Jetty, Spring) drop it before mapping a request, so `/docs/private;x/y` is served as
 * `/docs/private/y`. The gateway matches routes on a path, so a `;` is refused (400) unless the
 * route opts in with `matrixParams: true`; then routes are matched on the path with every
 * parameter removed, the path the upstream will serve. `%3B` counts as `;` (Spring Security's
 * StrictHttpFirewall refuses both; some Jetty versions decoded it before splitting).
 */

// Escapes are upper-cased by normalizePath, so `%3b` arrives as `%3B`.
const PARAMETER = /;|%3B/;
const PARAMETER_TO_SEGMENT_END = /(?:;|%3B)[^/]*/g;

/** True when a normalised path carries a `;` (or `%3B`) path parameter in any segment. */
export function hasPathParameters(path: string): boolean {
  return PARAMETER.test(path);
}

/** A normalised path with every segment's `;…` parameter removed. */
export function withoutPathParameters(path: string): string {
  return path.replace(PARAMETER_TO_SEGMENT_END, '');
}
