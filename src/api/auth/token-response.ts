import type { Context } from 'hono';
import type { RefreshCookie } from '../../http/cookies.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import type { TokenPair } from '../../sessions/sealed-token-pair.js';

// RFC 6749 §5.1: responses carrying tokens must not be cached.
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/** What login and refresh answer with. */
export interface TokenGrant {
  pair: TokenPair;
  now: number;
  /** The session's absolute expiry: the refresh cookie lives exactly as long. */
  absoluteExpiresAt: number;
  /** Also put the refresh token in the body (the client asked and config allows it). */
  refreshInBody: boolean;
}

/**
 * The 200 token response of login and refresh (RFC 6749 §5.1 shape): access token, type, seconds
 * left, scope, and the refresh token in the cookie (and in the body when asked).
 */
export function tokenResponse(
  c: Context<GatewayEnv>,
  cookie: RefreshCookie,
  grant: TokenGrant,
): Response {
  const { pair, now } = grant;
  const body: Record<string, unknown> = {
    access_token: pair.access_token,
    token_type: 'Bearer',
    // From the pair's own expiry: a pair replayed within the grace window has less time left.
    expires_in: Math.max(0, pair.expires_at - Math.floor(now / 1000)),
    scope: pair.scope,
  };
  if (grant.refreshInBody) body.refresh_token = pair.refresh_token;
  const maxAgeSeconds = (grant.absoluteExpiresAt - now) / 1000;
  return c.json(body, 200, {
    ...NO_STORE,
    'set-cookie': cookie.set(pair.refresh_token, maxAgeSeconds),
  });
}
