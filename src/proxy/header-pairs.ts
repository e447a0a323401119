import type { CookieGuard } from './upstream-transport.js';

/** Hop-by-hop header names (RFC 9110 §7.6.1), never forwarded in either direction. */
export const hopByHopHeaders: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

/** The lower-case header names listed in a Connection header value (RFC 9110 §7.6.1). */
export function connectionOptions(value: string): string[] {
  const names: string[] = [];
  for (const part of value.split(',')) {
    const name = part.trim().toLowerCase();
    if (name !== '') names.push(name);
  }
  return names;
}

/** A Web Headers object from flat name/value pairs, keeping repeated names (e.g. Set-Cookie). */
export function headersFromPairs(pairs: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i < pairs.length; i += 2) headers.append(pairs[i]!, pairs[i + 1]!);
  return headers;
}

/** Flat name/value pairs from a parsed header record whose repeated headers are arrays. */
export function recordToPairs(
  record: Readonly<Record<string, string | string[] | undefined>>,
): string[] {
  const pairs: string[] = [];
  for (const name in record) {
    const value = record[name];
    if (typeof value === 'string') pairs.push(name, value);
    else if (value) for (const item of value) pairs.push(name, item);
  }
  return pairs;
}

/**
 * Filters upstream response headers (flat name/value pairs): drops hop-by-hop headers and those
 * named in Connection (RFC 9110 §7.6.1), keeps repeated ones such as Set-Cookie, then appends
 * the gateway's own headers (lower-case names), which replace any upstream values.
 */
export function filterResponseHeaders(
  pairs: readonly string[],
  own: Readonly<Record<string, string>>,
  cookieGuard?: CookieGuard,
): string[] {
  let named: string[] | undefined;
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i]!;
    if (name.length === 10 && name.toLowerCase() === 'connection') {
      (named ??= []).push(...connectionOptions(pairs[i + 1]!));
    }
  }
  const out: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const lower = pairs[i]!.toLowerCase();
    if (hopByHopHeaders.has(lower) || Object.hasOwn(own, lower) || named?.includes(lower)) continue;
    if (cookieGuard && lower === 'set-cookie' && setsCookie(pairs[i + 1]!, cookieGuard.names)) {
      cookieGuard.dropped();
      continue;
    }
    out.push(pairs[i]!, pairs[i + 1]!);
  }
  for (const name in own) out.push(name, own[name]!);
  return out;
}

/**
 * Whether a Set-Cookie value sets or clears one of `names` (lower-case), whatever its attributes
 * and the case of its name (RFC 6265bis §5.6: `__Host-` is matched case-insensitively). A
 * nameless cookie (`=__Host-x=v`) counts by its value: browsers send it as `__Host-x=v`.
 */
export function setsCookie(value: string, names: ReadonlySet<string>): boolean {
  const pair = value.split(';', 1)[0]!;
  const eq = pair.indexOf('=');
  const name = (eq < 0 ? '' : pair.slice(0, eq)).trim().toLowerCase();
  if (name !== '') return names.has(name);
  const rest = eq < 0 ? pair : pair.slice(eq + 1);
  const inner = rest.indexOf('=');
  return names.has((inner < 0 ? rest : rest.slice(0, inner)).trim().toLowerCase());
}
