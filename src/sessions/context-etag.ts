/** The strong entity tag of a context version: `"<version>"` (RFC 9110 §8.8.3). */
export function contextEtag(version: number): string {
  return `"${version}"`;
}
