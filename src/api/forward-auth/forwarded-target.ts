/** What `/auth/verify` makes of the request it is asked about. */
export type ForwardedTarget =
  /** The method and raw target of the client's request, as a trusted proxy reported them. */
  | { kind: 'forwarded'; method: string; target: string }
  /** Nothing to trust: no `trustProxy`, or no forwarded URI or method. The strictest policy applies. */
  | { kind: 'unknown' }
  /** Reported, but unusable (two disagreeing headers, not a request target): refused. */
  | { kind: 'malformed'; detail: string };

/** The parts of a verify request that name the request to decide on. */
export interface VerifyRequest {
  method: string;
  /** The verify request's own raw target, e.g. `/auth/verify` or `/auth/verify/api/x?q=1`. */
  target: string;
  header(name: string): string | undefined;
}

// RFC 9110 §5.6.2 token; a method is one (§9.1).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9112 §3.2: a request target is visible ASCII, no spaces. A joined duplicate ("a, b") fails.
const REQUEST_TARGET = /^[\x21-\x7e]+$/;

/**
 * Reads the request to decide on, only when `trustProxy` says the peer is a proxy we run.
 * Envoy ext_authz (HTTP) sends `<verifyPath><original path>` with the original method; nginx,
 * Traefik and others call `verifyPath` itself with X-Forwarded-Method + X-Forwarded-Uri or
 * X-Original-Method + X-Original-URI.
 */
export function readForwardedTarget(
  request: VerifyRequest,
  options: { trustProxy: boolean; verifyPath: string },
): ForwardedTarget {
  if (!options.trustProxy) return { kind: 'unknown' };
  const below = `${options.verifyPath}/`;
  if (request.target.startsWith(below)) {
    return checked(request.method, request.target.slice(below.length - 1));
  }
  const uri = either(request, 'x-forwarded-uri', 'x-original-uri');
  const method = either(request, 'x-forwarded-method', 'x-original-method');
  if (uri === CONFLICT || method === CONFLICT) {
    return { kind: 'malformed', detail: 'conflicting forwarded request headers' };
  }
  if (uri === undefined || method === undefined) return { kind: 'unknown' };
  return checked(method, uri);
}

const CONFLICT = Symbol('conflict');

/** The value of whichever header is present; CONFLICT when both are, with different values. */
function either(
  request: VerifyRequest,
  first: string,
  second: string,
): string | undefined | typeof CONFLICT {
  const a = request.header(first)?.trim() || undefined;
  const b = request.header(second)?.trim() || undefined;
  if (a !== undefined && b !== undefined && a !== b) return CONFLICT;
  return a ?? b;
}

function checked(method: string, target: string): ForwardedTarget {
  if (!TOKEN.test(method)) return { kind: 'malformed', detail: 'malformed forwarded method' };
  if (!REQUEST_TARGET.test(target)) {
    return { kind: 'malformed', detail: 'malformed forwarded request target' };
  }
  // Config upper-cases route methods; match the forwarded one the same way.
  return { kind: 'forwarded', method: method.toUpperCase(), target };
}
