/**
 * Claims the gateway owns; extra claims (from a login source or an admin) may never set them.
 * `cnf` would bind the token to a key (RFC 7800), `act` would claim delegation (RFC 8693 §4.1),
 * `typ` belongs to the header.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'aud',
  'sub',
  'sid',
  'jti',
  'iat',
  'nbf',
  'exp',
  'scope',
  'cnf',
  'act',
  'typ',
  '__proto__',
]);
