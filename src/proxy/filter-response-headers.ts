import { connectionOptions } from './connection-options.js';
import { hopByHopHeaders } from './hop-by-hop-headers.js';

/**
 * Filters upstream response headers (flat name/value pairs): drops hop-by-hop headers and those
 * named in Connection (RFC 9110 §7.6.1), keeps repeated ones such as Set-Cookie, then appends
 * the gateway's own headers (lower-case names), which replace any upstream values.
 */
export function filterResponseHeaders(
  pairs: readonly string[],
  own: Readonly<Record<string, string>>,
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
    out.push(pairs[i]!, pairs[i + 1]!);
  }
  for (const name in own) out.push(name, own[name]!);
  return out;
}
