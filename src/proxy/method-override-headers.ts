/**
 * Headers that make frameworks run another method than the one sent (`POST` +
 * `X-HTTP-Method-Override: DELETE` runs DELETE on Express method-override, Symfony, Laravel,
 * Rails, ASP.NET). Routes allow methods, so these are forwarded only by routes with
 * `methodOverride: true`, and underscore spellings never (README "Requests and responses the proxy
 * rewrites"; sources in test/vectors/method-override-headers.json, which a test holds equal to
 * this list).
 */
export const methodOverrideHeaders: ReadonlySet<string> = new Set([
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
]);

/**
 * The method the client's method-override headers name (any spelling, every value joined with
 * ", ", for the evaluator to check), or undefined when it sent none.
 */
export function methodOverrideOf(pairs: readonly string[]): string | undefined {
  let named: string | undefined;
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i]!.toLowerCase().replaceAll('_', '-');
    if (!methodOverrideHeaders.has(name)) continue;
    named = named === undefined ? pairs[i + 1]! : `${named}, ${pairs[i + 1]!}`;
  }
  return named;
}
