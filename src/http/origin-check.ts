import { originNotAllowed } from '../errors/errors.js';

/** The origin a request says it comes from: `Origin`, else the origin of `Referer`. */
function requestOrigin(headers: Headers): string | undefined {
  const origin = headers.get('origin');
  // Taken as sent, even the opaque "null" (sandboxed frames, file:), which matches nothing allowed.
  if (origin !== null) return origin;
  const referer = headers.get('referer');
  if (referer === null) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/**
 * The CSRF check for cookie-authenticated requests (README "Sessions and refresh tokens"): builds a
 * function that throws a 403 unless the request's Origin (or, without one, its Referer's origin) is
 * in `allowedOrigins`. SameSite=Strict already keeps the cookie off cross-site requests; this also
 * covers same-site origins that are not the app (another port, a sibling subdomain) and older
 * browsers.
 */
export function originCheck(allowedOrigins: readonly string[]): (request: Request) => void {
  const allowed = new Set(allowedOrigins.map((url) => new URL(url).origin));
  return (request) => {
    const origin = requestOrigin(request.headers);
    if (origin === undefined || !allowed.has(origin)) throw originNotAllowed();
  };
}
