import { AdminApiError } from './admin-api-error.js';

/** A session as the admin API lists it (times are ISO 8601). */
export interface AdminSession {
  sid: string;
  sub: string;
  scope: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

/** A signing key as the admin API lists it (times are ISO 8601, or null when unknown). */
export interface AdminSigningKey {
  kid: string;
  alg: string;
  active: boolean;
  createdAt: string | null;
  retiredAt: string | null;
}

/** The served keys after a change: the active kid and the retired ones. */
export interface KeyChange {
  kid: string;
  previous: string[];
}

/** The admin API calls the console makes (README "Admin API"). */
export interface AdminApi {
  listSessions(sub: string): Promise<AdminSession[]>;
  revokeSession(sid: string): Promise<void>;
  revokeUserSessions(sub: string): Promise<number>;
  revokeToken(jti: string, exp: number): Promise<void>;
  rotateKey(): Promise<KeyChange>;
  listKeys(): Promise<AdminSigningKey[]>;
  revokeKey(kid: string): Promise<KeyChange>;
}

/** One path segment; `.` and `..` would be resolved away by URL parsing (even as %2E). */
function segment(name: string, value: string): string {
  if (value === '.' || value === '..')
    throw new Error(`${name} "${value}" cannot be named in a URL`);
  return encodeURIComponent(value);
}

/** Where the console is and how it fetches; tests inject both. */
export interface AdminApiOptions {
  /** The page's URL, the base of the API's relative URLs (default: `location.href`). */
  page?: () => string;
  fetch?: typeof fetch;
}

/**
 * The admin API client. URLs are relative to the page (/admin/ui/ → /admin/...), so the console
 * works wherever /admin is served; `key()` is sent as the Bearer credential. No cookies are sent:
 * the admin API does not use them, and a user's refresh cookie has no business there.
 */
export function createAdminApi(
  key: () => string | null,
  {
    page = () => location.href,
    fetch: send = (input, init) => fetch(input, init),
  }: AdminApiOptions = {},
): AdminApi {
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const credential = key();
    if (credential !== null) headers.authorization = `Bearer ${credential}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await send(new URL(path, page()), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new AdminApiError(0, 'Network error', 'the gateway could not be reached');
    }
    if (!response.ok) throw await AdminApiError.from(response);
    if (response.status === 204) return undefined;
    try {
      return await response.json();
    } catch {
      throw new AdminApiError(
        response.status,
        'Unreadable answer',
        'the admin API did not send JSON',
      );
    }
  }

  const userSessions = (sub: string) => `../users/${segment('sub', sub)}/sessions`;
  return {
    listSessions: async (sub) =>
      ((await call('GET', userSessions(sub))) as { sessions: AdminSession[] }).sessions,
    revokeSession: async (sid) => {
      await call('DELETE', `../sessions/${segment('sid', sid)}`);
    },
    revokeUserSessions: async (sub) =>
      ((await call('DELETE', userSessions(sub))) as { revoked: number }).revoked,
    revokeToken: async (jti, exp) => {
      await call('POST', '../revocations', { jti, exp });
    },
    rotateKey: async () => (await call('POST', '../keys/rotate')) as KeyChange,
    listKeys: async () => ((await call('GET', '../keys')) as { keys: AdminSigningKey[] }).keys,
    revokeKey: async (kid) => (await call('DELETE', `../keys/${segment('kid', kid)}`)) as KeyChange,
  };
}
