/** The refresh-token cookie: its name, and the Set-Cookie values that set and clear it. */
export interface RefreshCookie {
  readonly name: string;
  /** Set-Cookie value carrying `token`, kept by the browser for `maxAgeSeconds`. */
  set(token: string, maxAgeSeconds: number): string;
  /** Set-Cookie value that deletes the cookie (same name and attributes, Max-Age=0). */
  clear(): string;
  /** The cookie's value in a Cookie request header, if present. */
  read(cookieHeader: string | undefined): string | undefined;
}

/**
 * The refresh cookie for `sessions.cookie`. `__Host-` (RFC 6265bis §4.1.3.2) makes browsers
 * refuse it unless it is Secure, host-only and Path=/, so no subdomain or sibling path can plant
 * or shadow it; SameSite=Strict keeps it off cross-site requests; HttpOnly keeps it from scripts.
 * `insecureDevMode` (plain-HTTP localhost only) drops Secure and therefore the prefix.
 */
export function refreshCookie(config: { name: string; insecureDevMode: boolean }): RefreshCookie {
  const name = config.insecureDevMode ? config.name : `__Host-${config.name}`;
  const attributes = config.insecureDevMode
    ? 'Path=/; HttpOnly; SameSite=Strict'
    : 'Path=/; HttpOnly; Secure; SameSite=Strict';
  const cookie = (value: string, maxAge: number) =>
    `${name}=${value}; Max-Age=${maxAge}; ${attributes}`;
  return {
    name,
    set: (token, maxAgeSeconds) => cookie(token, Math.max(1, Math.floor(maxAgeSeconds))),
    clear: () => cookie('', 0),
    read: (header) => readCookie(header, name),
  };
}

/** The first cookie called `name` in a Cookie header (RFC 6265 §5.4 puts the most specific first). */
function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    const value = pair.slice(eq + 1).trim();
    // RFC 6265 §4.1.1: a cookie-value may be wrapped in double quotes.
    const unquoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"');
    const text = unquoted ? value.slice(1, -1) : value;
    if (text !== '') return text;
  }
  return undefined;
}
