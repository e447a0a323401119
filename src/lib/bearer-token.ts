// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token, and the auth-scheme is case-insensitive
// (RFC 9110 §11.1); b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const BEARER = /^bearer(?: +(.*))?$/is;
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** What an Authorization header holds as far as the Bearer scheme goes (RFC 6750 §2.1). */
export type BearerCredentials =
  | { kind: 'token'; token: string }
  /** The Bearer scheme with no token, or with something that is not one b64token. */
  | { kind: 'malformed' }
  /** No header, an empty one, or another scheme. */
  | { kind: 'none' };

/** Reads the bearer credentials of an Authorization header value (surrounding spaces ignored). */
export function readBearer(header: string | undefined): BearerCredentials {
  const match = BEARER.exec(header?.trim() ?? '');
  if (match === null) return { kind: 'none' };
  const token = match[1];
  return token !== undefined && B64TOKEN.test(token)
    ? { kind: 'token', token }
    : { kind: 'malformed' };
}

/** The bearer token of an Authorization header value, or undefined unless one is well-formed. */
export function bearerToken(header: string | undefined): string | undefined {
  const credentials = readBearer(header);
  return credentials.kind === 'token' ? credentials.token : undefined;
}
