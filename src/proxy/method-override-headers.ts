/**
 * Headers that make frameworks run another method than the one sent (`POST` +
 * `X-HTTP-Method-Override: DELETE` runs DELETE on Express method-override, Symfony, Laravel,
 * Rails, ASP.NET). Routes allow methods, so these are never forwarded, in any spelling (README
 * "Requests and responses the proxy rewrites"; sources in test/vectors/method-override-headers.json,
 * which a test holds equal to this list).
 */
export const methodOverrideHeaders: ReadonlySet<string> = new Set([
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
]);
