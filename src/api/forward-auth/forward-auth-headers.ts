import { encodeHeaderValue } from '../../lib/header-value.js';
import type { Identity } from '../../policy/identity.js';

const IDENTITY_HEADERS = [
  'x-auth-subject',
  'x-auth-session',
  'x-auth-scope',
  'x-auth-context',
  'x-auth-assertion',
];

/** Every spelling an upstream may read as an identity header: `-` or `_` at either joint. */
const SPELLINGS = IDENTITY_HEADERS.flatMap((name) => {
  const rest = name.slice('x-auth-'.length);
  return ['-', '_'].flatMap((a) => ['-', '_'].map((b) => `x${a}auth${b}${rest}`));
});

/**
 * Headers of a 200 from `/auth/verify` (README "What the upstream receives"): X-Auth-Subject,
 * -Session, -Scope (none on `public` routes), X-Auth-Context (base64url JSON) on `context` routes,
 * X-Auth-Assertion on `assertion: true` routes, and `x-envoy-auth-headers-to-remove` naming every other X-Auth-* spelling, so Envoy drops any the
 * client sent (nginx and Traefik overwrite them by their own config).
 */
export function forwardAuthHeaders(
  identity: Identity | null,
  /** X-Auth-Context, already encoded (context-forwarder). */
  contextHeader: string | null,
  assertion: string | null = null,
): Record<string, string> {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (identity) {
    // Percent-encoded UTF-8 beyond visible ASCII, as on the proxy (lib/header-value).
    headers['x-auth-subject'] = encodeHeaderValue(identity.sub);
    headers['x-auth-session'] = encodeHeaderValue(identity.sid);
    headers['x-auth-scope'] = identity.scope.map(encodeHeaderValue).join(' ');
  }
  if (contextHeader !== null) headers['x-auth-context'] = contextHeader;
  if (assertion !== null) headers['x-auth-assertion'] = assertion;
  headers['x-envoy-auth-headers-to-remove'] = SPELLINGS.filter((n) => !(n in headers)).join(', ');
  return headers;
}
