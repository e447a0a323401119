import { createTabRefresh } from './create-tab-refresh.js';
import { GatehouseError } from './gatehouse-error.js';
import { readTokenClaims } from './read-token-claims.js';
import { openTabChannel, type TabMessage } from './tab-channel.js';
import type { GatehouseClient, GatehouseClientOptions, GatehouseEvent } from './types.js';

/** restore(): how long peer tabs get to answer with their token before the cookie is used. */
const ASK_MS = 150;
/** An auth call that hangs must not hold the tabs' refresh lock for ever. */
const AUTH_TIMEOUT_MS = 20_000;

interface Grant {
  token: string;
  /** Expiry on this tab's clock (from `expires_in`, so a skewed clock does not matter). */
  expAt: number;
}

async function readGrant(response: Response): Promise<Grant> {
  const body = (await response.json()) as { access_token: string; expires_in: number };
  return { token: body.access_token, expAt: Date.now() + body.expires_in * 1000 };
}

const problemOf = async (response: Response) =>
  new GatehouseError(response.status, await response.json().catch(() => undefined));

/**
 * Creates the browser side of a gatehouse session: the access token in memory only (the refresh
 * token stays in the HttpOnly cookie), refreshed shortly before it expires and once on a 401, with
 * one rotation for all the tabs of the origin. See README "SPA client (gatehouse/client)".
 */
export function createGatehouseClient(options: GatehouseClientOptions = {}): GatehouseClient {
  const { baseUrl = '', authPrefix = '/auth', refreshLeewayMs = 30_000 } = options;
  const name = options.channelName ?? 'gatehouse';
  const send: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const events = new EventTarget();

  let token: string | null = null;
  let expAt = 0;
  let lead = 0; // refresh this long before expAt
  let version = 0; // bumped on every change of token
  let epoch = 0; // bumped on login and logout: a refresh answered after one is void
  let restoring = 0; // restore() calls under way: until one ends, a peer's token is welcome
  let timer: ReturnType<typeof setTimeout> | undefined;

  const fresh = () => !!token && Date.now() < expAt - lead;

  /** Sets (or with null, drops) the token, re-arms the refresh timer, tells the app. */
  function set(next: string | null, nextExpAt: number, event: GatehouseEvent) {
    const claims = next ? readTokenClaims(next) : undefined;
    const had = token;
    token = next;
    expAt = nextExpAt;
    version++;
    clearTimeout(timer);
    if (claims) {
      lead = Math.min(refreshLeewayMs, (claims.exp - claims.iat) * 500);
      timer = setTimeout(() => refresh().catch(() => {}), expAt - lead - Date.now());
    }
    if (next || had) events.dispatchEvent(new CustomEvent(event, { detail: client.session() }));
  }

  const channel = openTabChannel(name, (message: TabMessage) => {
    if (message.t == 'ask') {
      if (token && Date.now() < expAt) channel.post({ t: 'token', token, expAt });
    } else if (message.t == 'token') {
      if (message.login) epoch++;
      // Signed out here (a logout just now), only a login or our own restore() signs us in.
      if (message.login || ((token || restoring) && message.expAt > expAt)) {
        set(message.token, message.expAt, message.login ? 'login' : 'refreshed');
      }
    } else if (message.t == 'logout') {
      epoch++;
      set(null, 0, 'logout');
    } else if (message.t == 'ended') {
      // Ignored when this tab has logged in to another session since that refresh began.
      if (!token || !message.sid || message.sid == client.session()?.sid) {
        set(null, 0, 'session-ended');
      }
    }
  });

  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    try {
      return await send(baseUrl + authPrefix + path, {
        method: 'POST',
        credentials: 'include',
        signal: AbortSignal.timeout(AUTH_TIMEOUT_MS),
        ...init,
      });
    } catch (cause) {
      throw new GatehouseError(0, undefined, cause);
    }
  }

  /** POST /auth/refresh with the cookie; applies the outcome here and tells the other tabs. */
  async function rotate(): Promise<string | null> {
    const start = epoch;
    try {
      const response = await call('/refresh');
      if (response.status != 401 && !response.ok) throw await problemOf(response);
      const grant = response.ok ? await readGrant(response) : undefined;
      if (epoch != start) return token; // a login or logout overtook this refresh
      const sid = client.session()?.sid;
      set(grant?.token ?? null, grant?.expAt ?? 0, grant ? 'refreshed' : 'session-ended');
      channel.post(grant ? { t: 'token', ...grant } : { t: 'ended', sid });
      return token;
    } catch (error) {
      channel.post({ t: 'failed' });
      throw error;
    }
  }

  const refresh = createTabRefresh({
    locks: globalThis.navigator?.locks,
    name,
    channel,
    version: () => version,
    token: () => token,
    rotate,
  });

  /** Only the gateway's own origin gets the token. */
  function toGateway(url: string): boolean {
    const page = globalThis.location?.href;
    return new URL(url).origin == new URL(baseUrl || page!, page).origin;
  }

  function withBearer(request: Request, bearer: string | null): Request {
    if (bearer) request.headers.set('authorization', `Bearer ${bearer}`);
    return request;
  }

  const client: GatehouseClient = {
    async restore() {
      const until = Date.now() + ASK_MS;
      restoring++;
      try {
        if (!token && channel.post({ t: 'ask' })) {
          while (!token && Date.now() < until) await channel.next(until - Date.now());
        }
        return fresh() || (await refresh()) != null;
      } finally {
        restoring--;
      }
    },

    async login(username, password) {
      const response = await call('/login', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (!response.ok) throw await problemOf(response);
      const grant = await readGrant(response);
      epoch++;
      set(grant.token, grant.expAt, 'login');
      channel.post({ t: 'token', ...grant, login: true });
    },

    async logout() {
      try {
        const response = await call('/logout', {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        // 401: nothing left to end (no cookie and no live token).
        if (!response.ok && response.status != 401) throw await problemOf(response);
      } finally {
        epoch++;
        set(null, 0, 'logout');
        channel.post({ t: 'logout' });
      }
    },

    async fetch(input, init) {
      const request = new Request(input, init);
      if (!toGateway(request.url)) return send(request);
      const sent = await client.getAccessToken();
      // A clone for the first try keeps the body for the one retry (a stream body is buffered).
      const response = await send(withBearer(request.clone(), sent));
      if (response.status != 401 || !sent) return response;
      const next = token != sent ? token : await refresh();
      return next ? send(withBearer(request, next)) : response;
    },

    session() {
      if (!token) return null;
      const { sub, sid, scope = '', exp } = readTokenClaims(token);
      return { sub, sid, scope: scope.split(' ').filter(Boolean), exp };
    },

    async getAccessToken() {
      if (!token || fresh()) return token;
      try {
        return await refresh();
      } catch (error) {
        if (token && Date.now() < expAt) return token; // still valid: try again next time
        throw error;
      }
    },

    on(event, listener) {
      const handler = (e: Event) => listener((e as CustomEvent).detail);
      events.addEventListener(event, handler);
      return () => events.removeEventListener(event, handler);
    },
  };
  return client;
}
