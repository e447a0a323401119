/** What the client tells the app about (see `GatehouseClient.on`). */
export type GatehouseEvent = 'login' | 'logout' | 'refreshed' | 'session-ended';

/** Options of `createGatehouseClient`; every one has a default. */
export interface GatehouseClientOptions {
  /** Where the gateway is: '' (default) for the page's own origin, else e.g. 'https://gw.example'. */
  baseUrl?: string;
  /** The gateway's `auth.prefix` (default '/auth'). */
  authPrefix?: string;
  /** Refresh this long before the access token expires (default 30 s; at most half its lifetime). */
  refreshLeewayMs?: number;
  /** The fetch to call (default: the global one); unit tests inject a fake. */
  fetch?: typeof fetch;
  /** Name of the BroadcastChannel and Web Lock the tabs of one origin share (default 'gatehouse'). */
  channelName?: string;
}

/** The signed-in session, read from the access token's payload: for display only. */
export interface GatehouseSession {
  sub: string;
  sid: string;
  scope: string[];
  /** Expiry of the current access token, in seconds since the epoch. */
  exp: number;
}

/** A signed-in browser session with the gateway: see README "SPA client". */
export interface GatehouseClient {
  /** On page load: gets a token silently, from a peer tab or the refresh cookie; true if signed in. */
  restore(): Promise<boolean>;
  /** POST /auth/login; rejects with a `GatehouseError` carrying the status and problem detail. */
  login(username: string, password: string): Promise<void>;
  /** POST /auth/logout, then forgets the token here and in the other tabs. */
  logout(): Promise<void>;
  /** fetch with the Bearer token (same origin as the gateway only); refreshes once on a 401. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** The current session, or null when signed out. */
  session(): GatehouseSession | null;
  /** A usable access token (refreshed first if about to expire), or null when signed out. */
  getAccessToken(): Promise<string | null>;
  /** Listens to an event; returns the function that stops listening. */
  on(event: GatehouseEvent, listener: (detail?: unknown) => void): () => void;
}
