import type { Context, Handler } from 'hono';
import type { GatewayDeps } from '../../deps.js';
import { notFound } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { noteDecision } from '../../http/note-decision.js';
import { requestViewOf } from '../../http/request-view.js';
import type { Decision } from '../../policy/decision.js';
import {
  buildUpstreamHeaders,
  type UpstreamHeaderPolicy,
} from '../../proxy/build-upstream-headers.js';

/** The catch-all handler: evaluate the matching route's policy, then forward upstream. */
export function proxyHandler(deps: GatewayDeps, services: GatewayServices): Handler<GatewayEnv> {
  const { config, upstream } = deps;
  const evaluator = services.routes;
  const cookieName = config.sessions.cookie.name;
  const headerPolicy: UpstreamHeaderPolicy = {
    trustProxy: config.server.trustProxy,
    gatewayCookies: [`__Host-${cookieName}`, cookieName],
  };

  return async (c) => {
    const view = requestViewOf(c, deps.requestView);
    const decision = await evaluator.evaluate({
      method: view.method,
      target: view.target,
      authorization: c.req.header('authorization'),
    });
    noteDecision(c, decision);
    if (!decision.allow) return deny(c, decision);
    const { route } = decision;
    if (!route.upstream) throw notFound(); // a forward-auth-only route
    const requestId = c.get('requestId');
    const headers = buildUpstreamHeaders(
      view.headerPairs,
      {
        host: route.upstream.host,
        forwardToken: route.forwardToken,
        identity: decision.identity,
        context: decision.context?.json ?? null,
        requestId,
        peerAddress: view.peerAddress,
        proto: view.scheme,
      },
      headerPolicy,
    );
    const result = await upstream.forward(
      {
        origin: route.upstream.origin,
        path: route.upstream.target(decision.path, decision.search),
        method: view.method,
        headers,
        responseHeaders: { 'x-request-id': requestId },
        timeoutMs: route.timeoutMs,
        bodyLimit: route.bodyLimit,
      },
      { request: c.req.raw, bindings: c.env },
    );
    c.set('status', result.status);
    return result.response;
  };
}

/** The one log site for denials; the error boundary renders the error. */
function deny(c: Context<GatewayEnv>, decision: Extract<Decision, { allow: false }>): never {
  c.get('log').debug({ route: decision.route?.name, reason: decision.reason }, 'request denied');
  throw decision.error;
}
