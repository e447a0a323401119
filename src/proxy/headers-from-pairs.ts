/** A Web Headers object from flat name/value pairs, keeping repeated names (e.g. Set-Cookie). */
export function headersFromPairs(pairs: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i < pairs.length; i += 2) headers.append(pairs[i]!, pairs[i + 1]!);
  return headers;
}
