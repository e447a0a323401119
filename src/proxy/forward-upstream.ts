import type { GatehouseConfig } from '../config/schema.js';
import type { RouteUpstream } from '../policy/routes/compiled-route.js';
import type { Decision } from '../policy/decision.js';
import { buildUpstreamHeaders, type UpstreamHeaderPolicy } from './build-upstream-headers.js';
import type { RequestView } from './request-view.js';
import type { CookieGuard, UpstreamResult, UpstreamTransport } from './upstream-transport.js';

/** Forwards one allowed request to its route's upstream and says what the client got. */
export type ForwardUpstream = (
  client: RequestView,
  decision: Extract<Decision, { allow: true }>,
  upstream: RouteUpstream,
  requestId: string,
) => Promise<UpstreamResult>;

/**
 * The forwarding step of the reverse proxy: rewrites the client's headers for the upstream
 * (build-upstream-headers), then sends the request over the transport. Settings are read once.
 */
export function createForwardUpstream(
  transport: UpstreamTransport,
  config: GatehouseConfig,
  /** Hears of each upstream Set-Cookie for the gateway's own cookie that was dropped. */
  cookieDropped: (route: string) => void,
): ForwardUpstream {
  const cookieName = config.sessions.cookie.name;
  const gatewayCookies = [`__Host-${cookieName}`, cookieName];
  const bodyIdleMs = config.server.timeouts.bodyIdle;
  const headerPolicy: UpstreamHeaderPolicy = {
    trustProxy: config.server.trustProxy,
    gatewayCookies,
  };
  const cookieGuards = new Map<string, CookieGuard>();
  const guardFor = (route: string): CookieGuard => {
    let guard = cookieGuards.get(route);
    if (!guard)
      cookieGuards.set(route, (guard = cookieGuard(route, gatewayCookies, cookieDropped)));
    return guard;
  };
  return (client, decision, upstream, requestId) => {
    const { route } = decision;
    const headers = buildUpstreamHeaders(
      client.headerPairs,
      {
        host: upstream.host,
        forwardToken: route.forwardToken,
        methodOverride: route.methodOverride,
        identity: decision.identity,
        contextHeader: decision.context?.header ?? null,
        assertion: decision.assertion,
        requestId,
        peerAddress: client.peerAddress,
        proto: client.scheme,
      },
      headerPolicy,
    );
    const request = {
      route: route.name,
      origin: upstream.origin,
      path: upstream.target(decision.path, decision.search),
      method: client.method,
      headers,
      responseHeaders: { 'x-request-id': requestId },
      timeoutMs: route.timeoutMs,
      bodyLimit: route.bodyLimit,
      cookieGuard: guardFor(route.name),
      bodyIdleMs,
    };
    return transport.forward(request, client);
  };
}

/**
 * Drops an upstream's Set-Cookie for the gateway's refresh cookie (plain or `__Host-`, any case):
 * no routed app, even behind a `public` route, may set or clear it (session fixation).
 */
function cookieGuard(
  route: string,
  names: readonly string[],
  cookieDropped: (route: string) => void,
): CookieGuard {
  const lower = new Set(names.map((name) => name.toLowerCase()));
  return { names: lower, dropped: () => cookieDropped(route) };
}
